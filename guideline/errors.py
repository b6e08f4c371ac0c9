"""The one error family of the project: every message says where the problem is."""


class GuidelineError(Exception):
    """A problem an editor can fix; the message names the file and the place."""


class DataError(GuidelineError):
    """A data file under docs/data is missing, unreadable or invalid."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class BuildError(GuidelineError):
    """The site generator failed; `output` keeps its whole log for closer reading."""

    def __init__(self, message, *, output=""):
        super().__init__(message)
        self.output = output
