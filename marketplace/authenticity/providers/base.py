"""The types every review provider shares: what it returns, what it raises, its interface."""

from dataclasses import dataclass


class ProviderError(Exception):
    """The service refused or could not be reached; the message is safe to show to staff."""


@dataclass(frozen=True)
class Submission:
    reference: str  # the service's id of the request ("" for staff review)


@dataclass(frozen=True)
class Outcome:
    done: bool
    verdict: str = ""  # AuthenticationRequest.Verdict value when done
    notes: str = ""
    reviewer_name: str = ""
    state: str = ""  # the service's own state, for the staff page


class ReviewProvider:
    name: str = ""
    external: bool = False

    def submit(self, *, request, photos: list[tuple[str, bytes, str]]) -> Submission:
        """Hand the request over; ``photos`` are (file name, bytes, content type)."""
        raise NotImplementedError

    def outcome(self, *, request) -> Outcome:
        raise NotImplementedError
