"""Chat: one thread per pair, created with the first request or booking; unread counts."""

from __future__ import annotations

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api, go_online, ring


def test_thread_appears_with_the_first_request_and_messages_flow(
    platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    assert customer.ok("GET", "/api/v1/threads") == {"threads": []}
    go_online(advisor)
    ring(customer, platform.advisor_id, alias="Jo")
    (thread,) = customer.ok("GET", "/api/v1/threads")["threads"]
    assert thread["advisor_id"] == platform.advisor_id
    assert thread["alias"] == "Jo"
    path = f"/api/v1/threads/{thread['id']}/messages"
    sent = customer.ok("POST", path, {"text": "Guten Tag!"}, status=201)
    assert (sent["sender"], sent["text"], sent["thread_id"]) == (
        "customer",
        "Guten Tag!",
        thread["id"],
    )
    ring(customer, platform.advisor_id, alias="Jo")  # the same pair keeps one thread
    mine = [t for t in advisor.ok("GET", "/api/v1/threads")["threads"] if t["id"] == thread["id"]]
    assert mine[0]["unread"] == 1
    messages = advisor.ok("GET", path)["messages"]
    assert [m["text"] for m in messages] == ["Guten Tag!"]
    mine = [t for t in advisor.ok("GET", "/api/v1/threads")["threads"] if t["id"] == thread["id"]]
    assert mine[0]["unread"] == 0
    advisor.ok("POST", path, {"text": "Hallo Jo"}, status=201)
    assert customer.ok("GET", "/api/v1/threads")["threads"][0]["unread"] == 1
    assert len(customer.ok("GET", "/api/v1/threads")["threads"]) == 1


def test_message_text_is_validated(platform: RunningPlatform, advisor: Api) -> None:
    thread = advisor.ok("GET", "/api/v1/threads")["threads"][0]
    path = f"/api/v1/threads/{thread['id']}/messages"
    for body in ({"text": ""}, {"text": "x" * 2001}, {"text": None}, {}):
        assert advisor.post(path, body).status_code == 422, body
    assert advisor.post(path, {"text": "x" * 2000}).status_code == 201
