"""End to end against a real `reviewer serve` process over loopback HTTP, as a user or the extension would."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Server

# Each example the seed documents judge, with the verdict the document gives it (only the criteria the
# document speaks to). context.today fixes relative dates.
SEED_VERDICTS = [
    ("002", "Forbedre vores online tilstedeværelse.", {}, {"specific": "fail"}),
    ("002", "Øge antallet af besøgende på vores website med 20% inden for de næste 6 måneder.", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
    ("002", "Øge konverteringsraten på vores e-handelswebsite fra 5% til 8% inden for de næste 3 måneder.", {},
     {"specific": "pass", "measurable": "pass", "achievable": "pass", "time_bound": "pass"}),
    ("002", "Øge vores årlige omsætning med 200% inden for de næste 2 måneder", {}, {"achievable": "fail"}),
    ("002", "Øge vores årlige omsætning med 10% inden for det næste år", {}, {"achievable": "pass"}),
    ("002", "Øge antallet af abonnenter på vores e-mail-liste med 15% inden for det næste kvartal.", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
    ("002", "Lancere vores nye produkt på markedet inden for de næste 3 måneder.", {}, {"time_bound": "pass"}),
    ("002", "øge antallet af Instagram-tilhængere med 10.000", {"business_model": "b2b"}, {"relevant": "fail"}),
    ("004", "Jeg vil tjene mere", {}, {"measurable": "fail", "time_bound": "fail"}),
    ("004", "Jeg vil øge omsætningen med 20 % over de næste to kvartaler", {}, {"measurable": "pass", "time_bound": "pass"}),
    ("004", "Øge kendskabet til dit brand fra juli til december med 25%.", {}, {"measurable": "pass", "time_bound": "pass"}),
    ("004", "Vækst antallet af formular-konverteringer med 15% inden udgangen af 1. kvartal", {},
     {"measurable": "pass", "time_bound": "pass"}),
    ("004", "Generering af 500 nye følgere på LinkedIn inden sommerferien (uge 28)", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
    ("003", "Bakeren i Oslo ønsker å øke bestillingene for bryllupskaker med 30 % innen seks måneder ved hjelp av bedre synlighet på sosiale medier.", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
    ("003", "Bilverkstedet i Bergen vil redusere kundefrafallet med 15 % det neste kvartalet ved å innføre personlig oppfølging etter service.", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
    ("003", "En nettbutikk for klær vil øke konverteringsraten fra besøkende til kjøp fra 2,5 % til 4 % innen tre måneder ved å teste nye produktbeskrivelser og bilder.", {},
     {"specific": "pass", "measurable": "pass", "achievable": "pass", "time_bound": "pass"}),
    ("003", "få flere kunder", {}, {"measurable": "fail", "time_bound": "fail"}),
    ("003", "øke trafikken", {}, {"specific": "fail", "measurable": "fail"}),
    ("003", "øke trafikken til nettsiden med 20 % fra organisk søk i løpet av 6 måneder", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
    ("003", "bedre synlighet", {}, {"specific": "fail", "measurable": "fail"}),
    ("003", "10 % flere følgere på Instagram", {}, {"specific": "pass", "measurable": "pass"}),
    ("003", "få 50 nye e-postabonnenter per måned", {}, {"measurable": "pass", "time_bound": "pass"}),
    ("003", "En lokal frisørsalong kan for eksempel ikke forvente 10 000 nettbesøk på en uke uten store investeringer.", {},
     {"achievable": "fail"}),
    ("003", "Øke antall faste kunder med 20 % innen 6 måneder.", {},
     {"specific": "pass", "measurable": "pass", "time_bound": "pass"}),
]


@pytest.mark.parametrize(("seed", "text", "context", "verdict"), SEED_VERDICTS)
def test_seed_examples_get_the_documents_verdict(server: Server, seed: str, text: str, context: dict, verdict: dict) -> None:
    r = httpx.post(f"{server.url}/v1/review", json={"text": text, "context": {"today": "2026-03-01", **context}}, timeout=10)
    assert r.status_code == 200
    got = {name: r.json()["criteria"][name]["status"] for name in verdict}
    assert got == verdict, f"{seed}: {text}"


def test_seed_missions_are_missions(server: Server) -> None:
    for text in ["To produce reliable refrigerators",
                 "to create convenient and reliable protection of computer systems from external threats"]:
        body = httpx.post(f"{server.url}/v1/review", json={"text": text}, timeout=10).json()
        assert body["kind"] == "mission", text
        assert body["criteria"]["purpose"]["status"] == "pass"
        assert body["criteria"]["timeless"]["status"] == "pass"


def test_real_server_contract(server: Server) -> None:
    assert httpx.get(f"{server.url}/health").json()["status"] == "ok"
    assert httpx.get(f"{server.url}/schema/openapi.json").status_code == 200
    assert len(httpx.get(f"{server.url}/v1/rules").json()) > 10
    assert httpx.post(f"{server.url}/v1/review", content=b"{oops", headers={"content-type": "application/json"}).status_code == 400
    big = b'{"text": "' + b"a" * 1_100_000 + b'"}'
    assert httpx.post(f"{server.url}/v1/review", content=big, headers={"content-type": "application/json"}).status_code == 413
    batch = httpx.post(f"{server.url}/v1/review/batch", json={"items": [{"text": "Øge salget med 10 % i Q3"}]}).json()
    assert len(batch["results"]) == 1


def test_the_users_text_is_never_logged() -> None:
    marker = "Zyxwvut-confidential-4711"
    server = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_ACCESS_LOG": "1"})  # the access log is off by default
    try:
        for path, body in [
            ("/v1/review", {"text": f"Øge salget af {marker} med 10 % i Q3"}),
            ("/v1/review", {"text": f"{marker}", "kind": "nonsense"}),
            ("/v1/review/batch", {"items": [{"text": f"{marker} goal"}]}),
        ]:
            httpx.post(f"{server.url}{path}", json=body, timeout=10)
        assert marker not in server.output()
        assert "POST /v1/review" in server.output()  # the access log is there, just without bodies
    finally:
        server.stop()
