"""One error vocabulary: services raise ValidationError (bad facts) or ApplicationError."""


class ApplicationError(Exception):
    """A request that is well-formed but not allowed in the current state."""

    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
