"""The HTTP adapter against a real HTTP server on 127.0.0.1 (tests/licences/conftest.py), not a mock."""

from __future__ import annotations

import logging
import time
from datetime import date

import pytest

from hallapp.domain.licences import LicenceServiceUnavailable, LicenceStatus, best_licence
from hallapp.licences import HttpLicenceProvider
from tests.licences.conftest import Reply, licence_json

PERSON = "440310198506120315"
OTHER = "440308194203080029"
TODAY = date(2026, 11, 27)
TIMEOUT = 0.3


def provider(url: str, *, timeout: float = TIMEOUT, retries: int = 1) -> HttpLicenceProvider:
    return HttpLicenceProvider(url, timeout_s=timeout, retries=retries, backoff_s=0.05)


@pytest.fixture
def held(library):
    library.licences = [
        licence_json("resident_id_card", PERSON, PERSON, valid_until="2036-08-20"),
        licence_json("household_register", "440310008812", PERSON),
        licence_json("social_security_card", "E44030898765", OTHER, valid_until="2025-12-31"),
        licence_json("marriage_certificate", "J440307-2018-004126", OTHER, status="revoked"),
    ]
    return library


def test_found_licences_come_back_as_domain_licences(held):
    licences = provider(held.url).lookup(
        PERSON, ["resident_id_card", "household_register", "social_security_card"]
    )
    assert {lic.type_code for lic in licences} == {"resident_id_card", "household_register"}
    card = next(lic for lic in licences if lic.type_code == "resident_id_card")
    assert card.number == PERSON and card.holder_name == "陈晓明" and card.issuer == "深圳市公安局坪山分局"
    assert card.issued_on == date(2016, 8, 20) and card.valid_until == date(2036, 8, 20)
    assert card.status is LicenceStatus.VALID
    register = next(lic for lic in licences if lic.type_code == "household_register")
    assert register.valid_until is None and register.validity_label == "长期有效"
    assert best_licence("resident_id_card", licences, TODAY).usable


def test_the_request_follows_the_documented_contract(held):
    provider(held.url + "/").lookup(
        " ４４０３１０ １９８５０６１２ ０３１５ ",
        ["social_security_card", "resident_id_card", "resident_id_card"],
    )
    (request,) = held.received
    assert request.method == "POST" and request.path == "/elicence/licences/query"
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.headers["Accept"] == "application/json"
    assert request.json == {"holder_id": PERSON, "types": ["resident_id_card", "social_security_card"]}


def test_not_found_as_an_empty_list_or_404(held):
    assert provider(held.url).lookup("440304199602290039", ["resident_id_card"]) == []
    held.answer(Reply(404, {"error": {"code": "not_found", "message": "无此持证人"}}))
    assert provider(held.url).lookup(PERSON, ["resident_id_card"]) == []
    assert len(held.received) == 2  # a 404 is an answer: not retried
    finding = best_licence("resident_id_card", [], TODAY)
    assert not finding.usable and finding.problem == "电子证照库中未找到"


def test_nothing_asked_means_no_request(held):
    assert provider(held.url).lookup(PERSON, []) == []
    assert provider(held.url).lookup("  ", ["resident_id_card"]) == []
    assert held.received == []


def test_expired_licence_is_returned_and_says_why_it_does_not_count(held):
    licences = provider(held.url).lookup(OTHER, ["social_security_card"])
    finding = best_licence("social_security_card", licences, TODAY)
    assert not finding.usable
    assert finding.problem == "电子证照 E44030898765 已于 2025-12-31 过期，不能替代纸质材料"


def test_revoked_licence_is_returned_and_says_why_it_does_not_count(held):
    licences = provider(held.url).lookup(OTHER, ["marriage_certificate"])
    assert licences[0].status is LicenceStatus.REVOKED
    finding = best_licence("marriage_certificate", licences, TODAY)
    assert not finding.usable and "已注销" in finding.problem


def test_licences_of_someone_else_or_not_asked_for_are_ignored(library):
    library.answer(
        Reply(
            200,
            {
                "licences": [
                    licence_json("resident_id_card", PERSON, PERSON),
                    licence_json("resident_id_card", OTHER, OTHER),
                    licence_json("business_licence", "91440310MA5H2K7P3D", PERSON),
                ]
            },
        )
    )
    licences = provider(library.url).lookup(PERSON, ["resident_id_card"])
    assert [(lic.type_code, lic.holder_id) for lic in licences] == [("resident_id_card", PERSON)]


def test_server_down_says_so_in_one_line_after_the_retries(closed_port):
    started = time.monotonic()
    with pytest.raises(LicenceServiceUnavailable) as raised:
        provider(f"http://127.0.0.1:{closed_port}", retries=2).lookup(PERSON, ["resident_id_card"])
    assert str(raised.value) == "无法连接电子证照库（连接被拒绝），请收取纸质材料"
    assert "\n" not in str(raised.value)
    assert time.monotonic() - started < 2 * TIMEOUT  # refused at once: only the short pauses


def test_slow_server_times_out_within_the_bound(library):
    library.answer(Reply(200, {"licences": []}, delay=3.0))
    retries = 1
    slow = HttpLicenceProvider(library.url, timeout_s=TIMEOUT, retries=retries)  # the default pauses
    started = time.monotonic()
    with pytest.raises(LicenceServiceUnavailable) as raised:
        slow.lookup(PERSON, ["resident_id_card"])
    elapsed = time.monotonic() - started
    assert str(raised.value) == "电子证照库无响应（超时 0.3 秒），请收取纸质材料"
    assert elapsed < TIMEOUT * (retries + 1) + 0.2 + 0.5  # attempts + pause + margin
    assert elapsed >= TIMEOUT * (retries + 1)
    assert len(library.received) == retries + 1


def test_timeout_message_in_whole_seconds():
    from hallapp.licences.http import _seconds

    assert _seconds(3.0) == "3" and _seconds(0.5) == "0.5"


def test_a_500_is_retried_and_the_next_answer_used(held):
    held.answer(
        Reply(500, "oops"), Reply(200, {"licences": [licence_json("resident_id_card", PERSON, PERSON)]})
    )
    licences = provider(held.url, retries=1).lookup(PERSON, ["resident_id_card"])
    assert [lic.number for lic in licences] == [PERSON]
    assert len(held.received) == 2


def test_a_lasting_5xx_gives_up_after_the_retries(library):
    library.answer(Reply(503, {"error": {"code": "maintenance", "message": "维护中"}}))
    with pytest.raises(
        LicenceServiceUnavailable, match=r"^电子证照库暂时无法服务（HTTP 503），请收取纸质材料$"
    ):
        provider(library.url, retries=2).lookup(PERSON, ["resident_id_card"])
    assert len(library.received) == 3


def test_no_retries_means_one_attempt(library):
    library.answer(Reply(500))
    with pytest.raises(LicenceServiceUnavailable):
        provider(library.url, retries=0).lookup(PERSON, ["resident_id_card"])
    assert len(library.received) == 1


@pytest.mark.parametrize(
    "body",
    [
        "<html>502 Bad Gateway</html>",
        '{"licences": [',
        {"items": []},
        {"licences": [{"type": "resident_id_card"}]},
        {"licences": [licence_json("resident_id_card", PERSON, PERSON, status="expired")]},
        {"licences": [licence_json("resident_id_card", PERSON, PERSON, valid_until="2036/08/20")]},
        {"licences": ["resident_id_card"]},
    ],
)
def test_malformed_answers_are_retried_then_reported(library, body):
    library.answer(Reply(200, body))
    with pytest.raises(LicenceServiceUnavailable, match=r"^电子证照库返回的数据无法识别，请收取纸质材料$"):
        provider(library.url, retries=1).lookup(PERSON, ["resident_id_card"])
    assert len(library.received) == 2


def test_malformed_then_good_answer_succeeds(library):
    library.answer(Reply(200, "not json"), Reply(200, {"licences": []}))
    assert provider(library.url).lookup(PERSON, ["resident_id_card"]) == []


def test_a_4xx_is_refused_at_once_with_the_error_code_but_not_its_message(library):
    library.answer(Reply(400, {"error": {"code": "invalid_holder_id", "message": f"证件号 {PERSON} 错误"}}))
    with pytest.raises(LicenceServiceUnavailable) as raised:
        provider(library.url, retries=3).lookup(PERSON, ["resident_id_card"])
    assert str(raised.value) == "电子证照库拒绝了查询（HTTP 400，invalid_holder_id），请收取纸质材料"
    assert len(library.received) == 1


def test_forbidden_asks_for_the_administrator(library):
    library.answer(Reply(403, "no"))
    with pytest.raises(LicenceServiceUnavailable, match="拒绝访问（HTTP 403）.*联系管理员"):
        provider(library.url).lookup(PERSON, ["resident_id_card"])
    assert len(library.received) == 1


def test_a_redirect_is_not_followed(library):
    library.answer(Reply(302, ""))
    with pytest.raises(LicenceServiceUnavailable, match="地址已变更（HTTP 302）"):
        provider(library.url).lookup(PERSON, ["resident_id_card"])
    assert len(library.received) == 1


def test_nothing_personal_is_logged(held, closed_port, caplog):
    caplog.set_level(logging.DEBUG)
    provider(held.url).lookup(PERSON, ["resident_id_card"])
    held.answer(Reply(500, {"error": {"code": "x", "message": PERSON}}))
    with pytest.raises(LicenceServiceUnavailable):
        provider(held.url).lookup(PERSON, ["resident_id_card"])
    with pytest.raises(LicenceServiceUnavailable):
        provider(f"http://127.0.0.1:{closed_port}").lookup(PERSON, ["resident_id_card"])
    assert caplog.records, "look-ups are logged"
    assert PERSON not in caplog.text and "陈晓明" not in caplog.text


@pytest.mark.parametrize("url", ["", "ftp://x/y", "10.0.0.1:8080", "http://"])
def test_a_base_url_must_be_http(url):
    with pytest.raises(ValueError):
        HttpLicenceProvider(url)
