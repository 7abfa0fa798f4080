"""A module whose every name is a stub class (see the package docstring)."""


class _StubMeta(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _stub_class(name)

    def __or__(cls, other):
        return cls


class Stub(metaclass=_StubMeta):
    def __init__(self, *args, **kwargs):
        self.args = args

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub()

    def __call__(self, *args, **kwargs):
        return Stub()

    def __or__(self, other):
        return self

    def __bool__(self):
        return False


def _stub_class(name):
    return _StubMeta(name, (Stub,), {})


def module_getattr(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _stub_class(name)
