"""YAML 1.2 core-schema parsing with positions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from commsctl.yamlfile import Position, parse_yaml


def parse(text: str):
    return parse_yaml(text.encode("utf-8"), "f.yaml", "f.yaml")


def test_yaml_1_1_words_stay_strings():
    document = parse("a: no\nb: on\nc: yes\nd: off\ne: 12:30\nf: 2026-10-01\ng: 2026-10-01T09:30:00Z\n")
    assert document.data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": "off",
        "e": "12:30",
        "f": "2026-10-01",
        "g": "2026-10-01T09:30:00Z",
    }


def test_core_schema_scalars():
    document = parse("a: true\nb: False\nc: 0o17\nd: 0x1f\ne: -3\nf: 1.5e3\ng: ~\nh:\ni: .inf\nj: '1'\n")
    assert document.data == {
        "a": True,
        "b": False,
        "c": 15,
        "d": 31,
        "e": -3,
        "f": 1500.0,
        "g": None,
        "h": None,
        "i": float("inf"),
        "j": "1",
    }


def test_octal_without_o_is_decimal():
    assert parse("a: 010\n").data == {"a": 10}


def test_positions_of_keys_and_values():
    document = parse("x:\n  y:\n    - 1\n    - z: 3\n")
    assert document.locate(("x", "y", 1, "z")) == Position(4, 10)
    assert document.locate(("x", "y", 1, "z"), key=True) == Position(4, 7)


def test_locate_skips_missing_segments():
    document = parse("trigger:\n  kind: event\n  event: x\n")
    assert document.locate(("trigger", "scheduled", "event")) == Position(3, 10)
    assert document.locate(("nothing",)) == Position(1, 1)


def test_duplicate_key_reported_at_second_key():
    document = parse("a: 1\nb: 2\na: 3\n")
    assert [(p.rule, p.position) for p in document.problems] == [("yaml-duplicate-key", Position(3, 1))]
    assert "first defined on line 1" in document.problems[0].message


def test_byte_order_mark_is_accepted():
    document = parse_yaml("\ufeffa: 1\n".encode("utf-8"), "f", "f")
    assert document.data == {"a": 1}
    assert document.problems == []


def test_invalid_utf8_position():
    document = parse_yaml(b"a: 1\nb: caf\xe9\n", "f", "f")
    assert document.problems[0].rule == "yaml-encoding"
    assert document.problems[0].position == Position(2, 7)


def test_unknown_tag_is_a_problem():
    document = parse("a: !!python/object:os.system ls\n")
    assert document.problems[0].rule == "yaml-syntax"
    assert "unsupported tag" in document.problems[0].message


def test_recursive_alias_is_a_problem():
    document = parse("a: &x [*x]\n")
    assert "recursive alias" in document.problems[0].message


def test_multiple_documents_rejected():
    document = parse("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in document.problems[0].message


plain_words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=12)


@given(st.dictionaries(plain_words, plain_words, max_size=8))
def test_quoted_strings_round_trip(mapping):
    text = "".join(f"{key!r}: {value!r}\n".replace("'", '"') for key, value in mapping.items())
    document = parse(text or "{}")
    assert document.problems == []
    assert document.data == mapping


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw):
    document = parse_yaml(raw, "f.yaml", "f.yaml")
    assert document.data is None or document.root is not None


yaml_alphabet = st.sampled_from(list("ab:- \n\t[]{},&*!|>'\"#%@`?~0123456789.") + ["\u00e9", "\ufeff", "\x00"])


@given(st.lists(yaml_alphabet, max_size=120).map("".join))
def test_yaml_like_text_never_raises(text):
    document = parse(text)
    for problem in document.problems:
        assert problem.position.line >= 1
        assert problem.position.column >= 1


def test_nul_character_position():
    document = parse_yaml(b"a: 1\nb: b\x00c\n", "f", "f")
    assert document.problems[0].position == Position(2, 5)
    assert "U+0000" in document.problems[0].message


def test_python_tag_on_a_list_is_a_problem():
    document = parse('a: !!python/object/apply:os.system ["id"]\n')
    assert document.problems[0].rule == "yaml-syntax"
    assert "unsupported tag" in document.problems[0].message


def test_too_many_values_leaves_no_root():
    document = parse("".join(f"k{index}: v\n" for index in range(210_000)))
    assert document.root is None
    assert "more than 200,000 values" in document.problems[0].message
