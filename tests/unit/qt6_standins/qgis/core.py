from qgis._stubs import Stub, module_getattr


class Qgis(Stub):
    QGIS_VERSION_INT = 40000
    QGIS_VERSION = "4.0.0-Qt6 stand-in"


class QgsSettings(Stub):
    def value(self, key, default=None, *args):
        return default

    def setValue(self, key, value):  # noqa: N802
        pass


class QgsApplication(Stub):
    @staticmethod
    def qgisSettingsDirPath():  # noqa: N802
        return "/nonexistent-qgis-profile/"


def __getattr__(name):
    return module_getattr(name)
