"""What every test can rely on: the network is out of reach, the developer's environment is not seen."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_socket import SocketConnectBlockedError

from tests.conftest import NOWHERE, held_environment


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
@pytest.mark.parametrize("address", [("192.0.2.1", 443), ("2001:db8::1", 443)])
def test_a_socket_to_anywhere_but_loopback_is_refused(address: tuple[str, int]) -> None:
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s, pytest.raises(SocketConnectBlockedError):
        s.connect(address)


def test_loopback_is_reachable() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("MODELWATCH_DATA", None),
        ("MODELWATCH_DEBUG", None),
        ("HF_TOKEN", None),
        ("HF_HUB_OFFLINE", None),
        ("HF_ENDPOINT", NOWHERE),
        ("HF_HUB_DISABLE_TELEMETRY", "1"),
    ],
)
def test_the_environment_is_the_tests_own(name: str, expected: str | None) -> None:
    assert os.environ.get(name) == expected


def test_each_test_has_its_own_home(tmp_path: Path) -> None:
    from modelwatch import config

    assert config.home() == tmp_path / "home"
    assert Path(os.environ["HF_HOME"]).name == "hf" and not Path(os.environ["HF_HOME"]).is_relative_to(Path.home())
    assert config.cache_dir() != config.home() / "cache"  # the Vega bundle is built once per session


@pytest.fixture(scope="class")
def held(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("held")
    with held_environment({"MODELWATCH_HOME": str(home)}):
        yield home


class TestAServedStore:
    """A fixture shared by several tests (a server reading the store at every request) holds its home."""

    @pytest.mark.parametrize("test", ["first", "second"])
    def test_the_home_is_held_in_each_test(self, held: Path, test: str) -> None:
        from modelwatch import config

        assert config.home() == held


def test_after_the_hold_each_test_has_its_own_home_again(tmp_path: Path) -> None:
    from modelwatch import config

    assert config.home() == tmp_path / "home"
