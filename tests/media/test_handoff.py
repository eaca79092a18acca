"""The thread-to-loop mailbox: bounded, drop-oldest, never blocks the producer."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from media.handoff import Mailbox, MailboxClosedError


def _put_all(mailbox: Mailbox[int], items: range) -> None:
    for item in items:
        mailbox.put(item)


async def test_items_from_another_thread_arrive_in_order() -> None:
    mailbox: Mailbox[int] = Mailbox(asyncio.get_running_loop(), capacity=100)
    producer = threading.Thread(target=_put_all, args=(mailbox, range(50)))
    producer.start()
    received = [await asyncio.wait_for(mailbox.get(), 2) for _ in range(50)]
    producer.join()
    assert received == list(range(50))
    assert mailbox.dropped == 0


async def test_a_stalled_reader_keeps_only_the_newest_and_the_producer_never_waits() -> None:
    mailbox: Mailbox[int] = Mailbox(asyncio.get_running_loop(), capacity=3)
    started = time.monotonic()
    producer = threading.Thread(target=_put_all, args=(mailbox, range(10_000)))
    producer.start()
    producer.join()
    assert time.monotonic() - started < 2
    assert mailbox.dropped == 10_000 - 3
    assert [await mailbox.get() for _ in range(3)] == [9997, 9998, 9999]


async def test_a_reader_back_after_an_overrun_resumes_at_the_newest_if_told() -> None:
    """Speech captured before the call's connection read it is not sent in one late burst."""
    mailbox: Mailbox[int] = Mailbox(asyncio.get_running_loop(), capacity=5, resume_at_newest=True)
    _put_all(mailbox, range(3))  # a reader a little behind gets everything, in order
    assert [await mailbox.get() for _ in range(3)] == [0, 1, 2]
    _put_all(mailbox, range(3, 20))  # away longer than the mailbox holds
    assert await mailbox.get() == 19
    assert mailbox.dropped == 12 + 4
    _put_all(mailbox, range(20, 23))  # then reading as before
    assert [await mailbox.get() for _ in range(3)] == [20, 21, 22]


async def test_close_wakes_a_waiting_reader() -> None:
    mailbox: Mailbox[int] = Mailbox(asyncio.get_running_loop(), capacity=1)
    waiting = asyncio.ensure_future(mailbox.get())
    await asyncio.sleep(0.01)
    threading.Thread(target=mailbox.close).start()
    with pytest.raises(MailboxClosedError):
        await asyncio.wait_for(waiting, 2)
    mailbox.put(1)  # ignored after close
    assert mailbox.closed


async def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Mailbox(asyncio.get_running_loop(), capacity=0)
