"""SHA-256 and size of stored bytes, read in chunks (evidence files can be large)."""

import hashlib

CHUNK = 1024 * 1024


def digest(fileobj) -> tuple[str, int]:
    """(hex SHA-256, size in bytes) of a file object, read from its start."""
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    sha, size = hashlib.sha256(), 0
    while chunk := fileobj.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return sha.hexdigest(), size
