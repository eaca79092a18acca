"""Sign-in, token expiry, refresh rotation, revocation, registration."""

from __future__ import annotations

import sqlite3

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api


def test_login_returns_tokens_for_the_demo_advisor(platform: RunningPlatform) -> None:
    tokens = platform.login_advisor()
    assert tokens["expires_in"] == 900
    assert tokens["account"]["role"] == "advisor"
    assert tokens["account"]["display_name"] == "Dr. Lena Hoffmann"
    assert tokens["account"]["id"] == platform.advisor_id
    me = Api(platform.base_url, tokens).ok("GET", "/api/v1/me")
    assert me == tokens["account"]


def test_wrong_password_is_401(anonymous: Api, platform: RunningPlatform) -> None:
    body = {"email": platform.advisor_email, "password": "wrong-password"}
    response = anonymous.post("/api/v1/auth/login", body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    unknown = anonymous.post("/api/v1/auth/login", {"email": "nobody@x.example", "password": "x"})
    assert unknown.status_code == 401


def test_repeated_wrong_passwords_are_rate_limited(
    anonymous: Api, platform: RunningPlatform
) -> None:
    body = {"email": platform.advisor_email, "password": "wrong-password"}
    codes = [anonymous.post("/api/v1/auth/login", body).status_code for _ in range(11)]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429
    right = {"email": platform.advisor_email, "password": platform.advisor_password}
    assert anonymous.post("/api/v1/auth/login", right).status_code == 429
    platform.advance_clock(301)
    assert anonymous.post("/api/v1/auth/login", right).status_code == 200


def test_missing_or_unknown_token_is_401(anonymous: Api) -> None:
    assert anonymous.get("/api/v1/me").status_code == 401
    bad = anonymous.get("/api/v1/me", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401
    assert bad.json()["error"]["code"] == "not_authenticated"


def test_expired_access_token_is_401_token_expired(platform: RunningPlatform) -> None:
    advisor = Api(platform.base_url, platform.login_advisor())
    platform.advance_clock(899)
    assert advisor.get("/api/v1/me").status_code == 200
    platform.advance_clock(2)
    response = advisor.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"


def test_refresh_rotates_and_the_old_refresh_token_stops_working(
    platform: RunningPlatform, anonymous: Api
) -> None:
    first = platform.login_advisor()
    second = anonymous.ok("POST", "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]})
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert Api(platform.base_url, second).get("/api/v1/me").status_code == 200
    reused = anonymous.post("/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]})
    assert reused.status_code == 401
    # Reuse of a rotated token means theft: the whole session is revoked.
    assert Api(platform.base_url, second).get("/api/v1/me").status_code == 401
    again = anonymous.post("/api/v1/auth/refresh", {"refresh_token": second["refresh_token"]})
    assert again.status_code == 401


def test_refresh_after_access_expiry_gives_a_working_token(
    platform: RunningPlatform, anonymous: Api
) -> None:
    tokens = platform.login_advisor()
    platform.advance_clock(1000)
    fresh = anonymous.ok("POST", "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert Api(platform.base_url, fresh).get("/api/v1/me").status_code == 200


def test_logout_revokes_refresh_and_access_tokens(
    platform: RunningPlatform, anonymous: Api
) -> None:
    tokens = platform.login_advisor()
    other_session = platform.login_advisor()
    response = anonymous.post("/api/v1/auth/logout", {"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 204
    refreshed = anonymous.post("/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401
    assert refreshed.json()["error"]["code"] == "not_authenticated"
    assert Api(platform.base_url, tokens).get("/api/v1/me").status_code == 401
    # Only that session: another sign-in of the same account keeps working.
    assert Api(platform.base_url, other_session).get("/api/v1/me").status_code == 200


def test_customer_registration(platform: RunningPlatform, anonymous: Api) -> None:
    body = {"email": "Kunde@Example.org", "password": "lang-genug-1"}
    tokens = anonymous.ok("POST", "/api/v1/customers", body, status=201)
    assert tokens["account"] == {
        "id": tokens["account"]["id"],
        "role": "customer",
        "email": "kunde@example.org",
        "display_name": "",
    }
    # Registering again signs in (a lost answer can be retried); see test_sessions for the rest.
    again = anonymous.ok("POST", "/api/v1/customers", body, status=201)
    assert again["account"]["id"] == tokens["account"]["id"]
    short = anonymous.post("/api/v1/customers", {"email": "a@b.example", "password": "kurz"})
    assert short.status_code == 422
    login = {"email": "kunde@example.org", "password": "lang-genug-1"}
    assert anonymous.post("/api/v1/auth/login", login).status_code == 200


def test_passwords_are_stored_as_argon2id_hashes(platform: RunningPlatform) -> None:
    platform.create_customer(email="hash@example.org", password="geheim-geheim")
    conn = sqlite3.connect(platform.data_dir / "platform.sqlite3")
    try:
        (stored,) = conn.execute(
            "SELECT password_hash FROM accounts WHERE email = 'hash@example.org'"
        ).fetchone()
        token_rows = conn.execute("SELECT token_hash FROM access_tokens").fetchall()
    finally:
        conn.close()
    assert stored.startswith("$argon2id$")
    assert "geheim" not in stored
    assert all(len(row[0]) == 64 for row in token_rows)  # SHA-256 hex, never the token


def test_ice_servers_need_sign_in(platform: RunningPlatform, anonymous: Api, advisor: Api) -> None:
    assert anonymous.get("/api/v1/ice-servers").status_code == 401
    assert advisor.ok("GET", "/api/v1/ice-servers") == {"ice_servers": []}


def test_ice_servers_from_options(tmp_path) -> None:
    with RunningPlatform(
        tmp_path,
        ice_servers=["stun:127.0.0.1:3478", "turn:127.0.0.1:3478"],
        turn_username="u",
        turn_password="p",
    ) as platform:
        advisor = Api(platform.base_url, platform.login_advisor())
        assert advisor.ok("GET", "/api/v1/ice-servers")["ice_servers"] == [
            {"urls": ["stun:127.0.0.1:3478"]},
            {"urls": ["turn:127.0.0.1:3478"], "username": "u", "credential": "p"},
        ]
