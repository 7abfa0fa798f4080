"""Write the user manual shipped with the plugin (``minewatch/help/<locale>/``,
English and Chinese HTML, one page per algorithm and shipped model and an
index) from the algorithms' own help texts and parameters
(processing_provider/help_pages.py). Run inside QGIS's Python with the
plugin importable (``make manual``); ``--check`` only says whether the
shipped pages are up to date (exit 1 when not)."""
import argparse
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def manual(locale):
    """{file name: HTML} of the manual in ``locale`` (translator installed)."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    from minewatch.processing_provider.help_pages import manual_pages

    translator = QTranslator()
    if locale != "en":
        qm = os.path.join(REPO, "minewatch", "i18n", f"minewatch_{locale}.qm")
        if not translator.load(qm):
            raise SystemExit(f"cannot load {qm}: run `make translations` first")
        QCoreApplication.installTranslator(translator)
    try:
        provider = QgsApplication.processingRegistry().providerById("minewatch")
        # fresh instances: they read their texts in the installed language
        return manual_pages([a.create() for a in provider.algorithms()], locale)
    finally:
        QCoreApplication.removeTranslator(translator)


def stale_pages():
    """Paths of shipped pages that differ from what the code makes now."""
    from minewatch.processing_provider.help_pages import HELP_DIR, LOCALES

    stale = []
    for locale in LOCALES:
        for name, text in manual(locale).items():
            path = os.path.join(HELP_DIR, locale, name)
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                stale.append(path)
    return stale


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, REPO)
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from minewatch.processing_provider.help_pages import HELP_DIR, LOCALES
    from minewatch.processing_provider.provider import MineWatchProvider

    provider = MineWatchProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    if args.check:
        stale = stale_pages()
        print("\n".join(stale) or "the manual is up to date")
        raise SystemExit(1 if stale else 0)
    for locale in LOCALES:
        folder = os.path.join(HELP_DIR, locale)
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        for name, text in manual(locale).items():
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write(text)
        print("wrote", folder)


if __name__ == "__main__":
    main()
