from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from advisor_app.settings import Settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "none.json") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(server_url="https://p.example", last_email="a@b.example", ring_volume=0.3)
    s.save(path)
    assert Settings.load(path) == s
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".settings-")]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '"text"', ""])
def test_malformed_file_falls_back_to_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert Settings.load(path) == Settings()


def test_wrong_types_are_dropped_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"server_url": 5, "last_email": "x@y.example", "ring_volume": 1, "new": 1})
    )
    loaded = Settings.load(path)
    assert loaded.server_url == ""
    assert loaded.last_email == "x@y.example"
    assert loaded.ring_volume == 1.0


def test_settings_never_hold_a_token() -> None:
    assert not [
        name for name in Settings.__dataclass_fields__ if "token" in name or "password" in name
    ]


def test_an_old_file_with_a_turn_password_loses_it_on_first_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 14, finding 8: the retired extra STUN/TURN servers held "turn:user:password@host"
    in plain text, and no call ever used them. The first read writes the file without them."""
    path = tmp_path / "settings.json"
    old = {
        "server_url": "https://p.example",
        "ring_volume": 0.3,
        "ice_servers": ["turn:anna:s3cret-Pass!@turn.example.com:3478", "stun:stun.example.com"],
    }
    path.write_text(json.dumps(old))
    with caplog.at_level(logging.INFO, logger="advisor_app.settings"):
        loaded = Settings.load(path)
    assert loaded == Settings(server_url="https://p.example", ring_volume=0.3)
    on_disk = path.read_text()
    assert "s3cret" not in on_disk
    assert "ice_servers" not in on_disk
    assert json.loads(on_disk)["server_url"] == "https://p.example"
    assert "removed the retired setting(s) ice_servers" in caplog.text
    assert "s3cret" not in caplog.text
    modified = path.stat().st_mtime_ns
    assert Settings.load(path) == loaded
    assert path.stat().st_mtime_ns == modified  # once: a clean file is not written again


def test_a_read_only_folder_keeps_working_when_the_retired_setting_cannot_be_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"last_email": "a@b.example", "ice_servers": ["stun:x.example"]}))

    def read_only(*_a: object, **_k: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", read_only)  # the tests run as root: chmod is no bar
    assert Settings.load(path).last_email == "a@b.example"
    assert "could not remove ice_servers" in caplog.text


def test_failed_save_leaves_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    Settings(last_email="old@x.example").save(path)

    def disk_full(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("json.dump", disk_full)
    with pytest.raises(OSError, match="No space"):
        Settings(last_email="new@x.example").save(path)
    assert Settings.load(path).last_email == "old@x.example"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
