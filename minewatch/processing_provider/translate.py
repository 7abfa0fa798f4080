"""The plugin's translation function for the Processing side.

Every user-visible string of the algorithms goes through :func:`tr` (Qt's
``translate`` in the single ``MineWatch`` context); engine messages arrive
as :class:`..core.common.messages.Message` s and are rendered with it."""
from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "MineWatch"


def tr(text):
    """Translate ``text`` in the plugin's single ``MineWatch`` context."""
    return QCoreApplication.translate(CONTEXT, text)
