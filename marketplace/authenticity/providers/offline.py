"""The default provider: the platform's own experts review in the staff back office."""

from .base import Outcome, ReviewProvider, Submission


class StaffReviewProvider(ReviewProvider):
    name = "staff"
    external = False

    def submit(self, *, request, photos) -> Submission:
        return Submission(reference="")  # it waits in the staff review queue

    def outcome(self, *, request) -> Outcome:
        return Outcome(done=False, state="staff_review")  # the verdict comes from a person, not from polling
