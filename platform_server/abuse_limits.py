"""The platform's limits on what one client address or one account may do, and how often.

| what | key | limit |
|---|---|---|
| failed sign-ins | client address | 10 in 5 min, then that address waits |
| failed sign-ins | account (email) | 30 in 15 min, then addresses new to the account wait |
| new accounts | client address | 20 in an hour |
| ringing (live call requests) | customer account | 10 in 10 min |
| chat messages | account | 30 a minute |

An address that signed in to the account within 30 days passes the account's limit. The right
password is never locked out for long: a guesser's failures block their own address
(for at most 5 minutes after they stop), and their failures against an account block only
addresses the account has not used, for at most 15 minutes after they stop. All limiters keep a
bounded number of keys (`ratelimit.DEFAULT_MAX_KEYS` each). They live on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from platform_server.clock import Clock
from platform_server.ratelimit import Limit, RateLimiter, RecentSet

SIGN_IN_FAILURES_BY_ADDRESS = Limit(10, 5 * 60)
SIGN_IN_FAILURES_BY_ACCOUNT = Limit(30, 15 * 60)
KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600
REGISTRATIONS_BY_ADDRESS = Limit(20, 3600)
CALL_REQUESTS_BY_ACCOUNT = Limit(10, 10 * 60)
MESSAGES_BY_ACCOUNT = Limit(30, 60)


@dataclass(frozen=True)
class AbuseLimits:
    sign_in_failures_by_address: RateLimiter
    sign_in_failures_by_account: RateLimiter
    # "account-id address" of every successful sign-in: those addresses pass an account's limit.
    known_sign_ins: RecentSet
    registrations_by_address: RateLimiter
    call_requests_by_account: RateLimiter
    messages_by_account: RateLimiter

    @classmethod
    def build(cls, clock: Clock) -> AbuseLimits:
        return cls(
            sign_in_failures_by_address=RateLimiter(clock, SIGN_IN_FAILURES_BY_ADDRESS),
            sign_in_failures_by_account=RateLimiter(clock, SIGN_IN_FAILURES_BY_ACCOUNT),
            known_sign_ins=RecentSet(clock, KNOWN_ADDRESS_SECONDS),
            registrations_by_address=RateLimiter(clock, REGISTRATIONS_BY_ADDRESS),
            call_requests_by_account=RateLimiter(clock, CALL_REQUESTS_BY_ACCOUNT),
            messages_by_account=RateLimiter(clock, MESSAGES_BY_ACCOUNT),
        )

    def check(self, limiter: RateLimiter, key: str, message: str) -> None:
        """Count one use of `key`; a 429 when it has used up its limit."""
        if limiter.exceeded(key):
            raise limiter.refuse(key, message)
        limiter.count(key)
