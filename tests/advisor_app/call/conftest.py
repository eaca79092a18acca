"""A signed-in, online advisor on a real platform and a customer in the test's own process, for
the call tests: real aiortc peers on both sides, the platform's real signalling in between."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from advisor_app.call.media import MediaChoice
from advisor_app.domain.models import Presence
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor
from tests.advisor_app.test_desk import sign_in
from tests.e2e.booked_customer import BookingCustomer

# Audio only and no speaker: what a call needs to connect, at the least CPU this shared machine has.
MEDIA = MediaChoice(camera=None, microphone="lavfi:sine=frequency=440", speaker="none")


@pytest.fixture
async def online(advisor: Advisor, live_platform: RunningPlatform) -> Advisor:
    await sign_in(advisor.desk, advisor.recorder, live_platform)
    await advisor.desk.set_presence(Presence.ONLINE)
    return advisor


@pytest.fixture
async def caller(live_platform: RunningPlatform) -> AsyncIterator[BookingCustomer]:
    person = BookingCustomer(live_platform)
    await person.start()
    yield person
    await person.close()
