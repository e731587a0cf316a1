"""Evidence integrity: recompute every stored file's hash and report what changed or went missing."""

from dataclasses import dataclass

from .hashing import digest
from .models import Evidence


@dataclass(frozen=True)
class IntegrityProblem:
    evidence_id: int
    name: str
    problem: str  # "missing" | "changed"
    detail: str


def evidence_check(queryset=None) -> tuple[int, list[IntegrityProblem]]:
    """(files checked, problems). Reads through Django's storage, so any backend works."""
    queryset = queryset if queryset is not None else Evidence.objects.all()
    checked, problems = 0, []
    for evidence in queryset.order_by("id").iterator(chunk_size=200):
        checked += 1
        storage, name = evidence.file.storage, evidence.file.name
        if not storage.exists(name):
            problems.append(IntegrityProblem(evidence.pk, name, "missing", "file not found"))
            continue
        with storage.open(name, "rb") as fh:
            sha256, size = digest(fh)
        if sha256 != evidence.sha256 or size != evidence.size:
            problems.append(
                IntegrityProblem(
                    evidence.pk,
                    name,
                    "changed",
                    f"stored sha256 {evidence.sha256} ({evidence.size} bytes), "
                    f"now {sha256} ({size} bytes)",
                )
            )
    return checked, problems
