"""Stand-ins for QGIS 4: ``qgis.PyQt`` is PyQt6, ``qgis.core``/``gui``/
``utils`` are permissive stubs (any name is a class whose unknown
attributes are stubs too). Used by tests/unit/test_qt6_imports.py in a
separate interpreter, to import every plugin module under Qt 6."""
