from qgis._stubs import module_getattr


def __getattr__(name):
    return module_getattr(name)
