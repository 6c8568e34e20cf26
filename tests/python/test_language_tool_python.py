"""language_tool_python, a real LanguageTool client, pointed at `mtlint serve`."""

import language_tool_python
import requests

TEXT = "😀 中文 テスト He said thatIf no progress is made, talks would end."


def glued(matches):
    return [m for m in matches if m.rule_id == "MTLINT_MT101"]


def test_matches_with_offsets_after_emoji_and_cjk(server):
    tool = language_tool_python.LanguageTool("en-US", remote_server=server.url)
    try:
        matches = tool.check(TEXT)
        [m] = glued(matches)
        # The client turns LanguageTool's UTF-16 offsets into Python's code points.
        assert TEXT[m.offset : m.offset + m.error_length] == "thatIf"
        assert m.replacements == ["that if"]
        assert m.category == "MTLINT_ARTIFACT"
        assert m.rule_issue_type == "misspelling"
        # Context offsets stay UTF-16 code units, as LanguageTool's (the client leaves them).
        units = m.context.encode("utf-16-le")
        at, n = 2 * m.offset_in_context, 2 * m.error_length
        assert units[at : at + n].decode("utf-16-le") == "thatIf"
        assert m.sentence.endswith("talks would end.")
        assert "thatIf" in m.message
        # Applying the matches, as the client does.
        assert "said that if no" in tool.correct(TEXT)
    finally:
        tool.close()


def test_the_client_disables_and_selects_rules(server):
    tool = language_tool_python.LanguageTool("en-US", remote_server=server.url)
    try:
        tool.disabled_rules = {"MTLINT_MT101"}
        assert glued(tool.check(TEXT)) == []
        tool.disabled_rules = set()
        tool.enabled_rules = {"MTLINT_MT101"}
        tool.enabled_rules_only = True
        assert {m.rule_id for m in tool.check(TEXT + " Kiev «quoted»")} == {"MTLINT_MT101"}
    finally:
        tool.close()


def test_auto_language_and_the_score(server):
    r = requests.post(
        server.url + "/v2/check",
        data={"text": "Er sagte, dassWenn keine Fortschritte gemacht werden.", "language": "auto"},
        timeout=30,
    )
    r.raise_for_status()
    body = r.json()
    assert body["language"]["detectedLanguage"]["code"] == "de"
    assert body["mtlint"]["verdict"] in {"too-short", "clean", "suspect", "likely-mt", "unsupported"}
    assert isinstance(body["mtlint"]["reasons"], list)


def test_errors_look_like_languagetools(server):
    r = requests.post(server.url + "/v2/check", data={"text": "x"}, timeout=30)
    assert r.status_code == 400
    assert r.text.startswith("Error: Missing 'language' parameter")
    r = requests.post(
        server.url + "/v2/check", data={"text": "x" * (2 << 20), "language": "en"}, timeout=30
    )
    assert r.status_code == 413
