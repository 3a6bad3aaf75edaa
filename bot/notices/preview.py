"""What a notice will cost before it is sent: each rendering, how many citizens read it, messages and SMS segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from bot.channels.rendered import Rendered
from bot.channels.sms.segments import SegmentInfo, count_segments
from storage.enums import Channel


@dataclass(frozen=True)
class Version:
    """One rendering of a notice (a language on a channel), exactly as queued, and how many citizens get it."""

    language: str  # the language of the text ("*" for the Greek and English fallback of announcements)
    locale: str  # the language it is rendered in
    channel: Channel
    pages: tuple[Rendered, ...]
    citizens: int = 0
    counts: tuple[SegmentInfo, ...] = field(init=False)

    def __post_init__(self) -> None:
        infos = tuple(count_segments(page.body) for page in self.pages) if self.channel is Channel.SMS else ()
        object.__setattr__(self, "counts", infos)

    @property
    def segments_each(self) -> int:
        """SMS segments one citizen's pages cost (0 on Telegram)."""
        return sum(info.segments for info in self.counts)

    @property
    def messages(self) -> int:
        """Outbox messages for every citizen of this version."""
        return self.citizens * len(self.pages)

    @property
    def segments(self) -> int:
        """SMS segments for every citizen of this version."""
        return self.citizens * self.segments_each


@dataclass(frozen=True)
class Preview:
    """Every rendering of a notice and the totals; ``skipped`` citizens cannot be reached (STOP, unreachable)."""

    versions: tuple[Version, ...]
    skipped: int = 0

    @property
    def citizens(self) -> int:
        """Citizens who will get it."""
        return sum(version.citizens for version in self.versions)

    @property
    def messages(self) -> int:
        """Messages it queues."""
        return sum(version.messages for version in self.versions)

    @property
    def segments(self) -> int:
        """SMS segments it costs."""
        return sum(version.segments for version in self.versions)

    def cost(self, price_per_segment: float) -> Decimal:
        """The SMS cost at a price per segment, to the cent."""
        return (Decimal(str(price_per_segment)) * self.segments).quantize(Decimal("0.01"), ROUND_HALF_UP)
