"""Password hashing (argon2id) kept off the event loop: one hash costs about 0.4 s of CPU."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@dataclass
class Passwords:
    """Hashes and checks passwords in a worker thread, so webhooks keep flowing during a sign-in."""

    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    # A hash of a random password with these parameters, made on first use (see ``verify_nobody``).
    _decoy: str | None = field(default=None, repr=False)

    @classmethod
    def cheap(cls) -> Passwords:
        """Minimal argon2 parameters, for test suites only (a hash in microseconds instead of 0.4 s)."""
        return cls(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

    async def hash(self, password: str) -> str:
        """An argon2id hash of a password."""
        return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        """Tell whether a password matches its hash, without raising on a malformed hash."""
        return await asyncio.to_thread(self._verify, password_hash, password)

    async def verify_nobody(self, password: str) -> None:
        """Spend what checking a real account costs, so the answer's timing tells nobody who exists."""
        if self._decoy is None:
            self._decoy = await self.hash(secrets.token_urlsafe(16))
        await self.verify(self._decoy, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
