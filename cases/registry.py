"""The one shape of every extension point in `cases`: things registered by key, once.

Registering the same key again with the same thing is harmless (an app's `ready()` may run
twice in tests); with a different thing it is a mistake, refused at start-up."""


class Registry(dict):
    def __init__(self, what: str):
        super().__init__()
        self.what = what

    def add(self, key, item) -> None:
        known = self.get(key)
        if known is not None and known != item:
            raise ValueError(f"The {self.what} {key} is registered twice.")
        self[key] = item
