"""The 422 of an address that cannot be resolved: which part failed, and suggestions."""

from __future__ import annotations

from camera_registry.errors import InvalidInput

FIELD = "address"


class UnresolvedAddress(InvalidInput):
    """A part of an address matched nothing (or too many things).

    The problem detail's ``errors`` entry carries ``part`` (the text that
    failed) and ``suggestions`` (what the user may have meant), best first.
    """

    def __init__(self, part: str, reason: str, suggestions: list[str] | None = None) -> None:
        super().__init__(FIELD, reason)
        self.part = part
        self.suggestions = list(dict.fromkeys(suggestions or []))[:8]
        self.errors[0]["part"] = part
        self.errors[0]["suggestions"] = self.suggestions
        if self.suggestions:
            self.detail += " — gợi ý / did you mean: " + "; ".join(self.suggestions[:5])
