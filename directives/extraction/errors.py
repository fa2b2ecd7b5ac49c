class ExtractionError(Exception):
    """A source file that cannot be read: names the file and the reason."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
