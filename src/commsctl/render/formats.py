"""Write a rendered draft as Markdown, plain text, a self-contained HTML page or an RFC 5322 message.

Every format carries the draft header: communication, audience with
distribution lists, channels, owner and the approval status. In ``eml`` the
header becomes e-mail headers (To from the distribution list addresses, and
X-Commsctl-* fields), so that the message parts hold only what recipients read.
"""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass

from commsctl.render.limits import DraftError

FORMATS = ("markdown", "text", "html", "eml")

# The HTML page may use inline styles and data: images only; the policy blocks every network fetch.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_PAGE_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 48rem; color: #1f2933; }
.status { background: #fff4e5; border: 1px solid #f0b429; padding: 0.5rem 0.75rem; font-weight: bold; }
table.draft-header { border-collapse: collapse; margin: 1rem 0; }
table.draft-header th { text-align: left; padding: 0.25rem 1rem 0.25rem 0; color: #52606d; vertical-align: top; }
table.draft-header td { padding: 0.25rem 0; }
pre.body { white-space: pre-wrap; font-family: inherit; }
""".strip()


@dataclass(frozen=True, slots=True)
class Draft:
    """A rendered communication and the plan facts its header shows."""

    communication: dict
    audiences: list[dict]
    channels: list[dict]
    owner: dict | None
    approver: dict | None
    subject: str
    body: str
    html: str | None

    def status(self) -> str:
        if self.approver is None:
            return "DRAFT"
        return f"DRAFT, requires approval by {self.approver['title']}"

    def header_fields(self) -> list[tuple[str, str]]:
        return [
            ("Communication", f"{self.communication['name']} ({self.communication['id']})"),
            ("Audience", "; ".join(_describe_audience(audience) for audience in self.audiences) or "none"),
            ("Channels", ", ".join(channel["name"] for channel in self.channels) or "none"),
            ("Owner", _describe_role(self.owner)),
            ("Status", self.status()),
        ]


def _describe_audience(audience: dict) -> str:
    distribution_list = audience["distribution_list"]
    if distribution_list is None:
        return f"{audience['name']} (no distribution list)"
    if distribution_list["address"]:
        return f"{audience['name']} via {distribution_list['name']} <{distribution_list['address']}>"
    return f"{audience['name']} via {distribution_list['name']} (no address)"


def _describe_role(role: dict | None) -> str:
    if role is None:
        return "none"
    return f"{role['title']} ({', '.join(role['members'])})"


def format_draft(draft: Draft, output_format: str) -> bytes:
    writers = {"markdown": format_markdown, "text": format_text, "html": format_html, "eml": format_eml}
    return writers[output_format](draft)


def format_markdown(draft: Draft) -> bytes:
    lines = [f"# {draft.subject}", "", f"**{draft.status()}**", ""]
    lines += [f"- **{name}:** {value}" for name, value in draft.header_fields() if name != "Status"]
    lines += ["", "---", "", draft.body]
    return "\n".join(lines).encode("utf-8")


def format_text(draft: Draft) -> bytes:
    fields = draft.header_fields() + [("Subject", draft.subject)]
    width = max(len(name) for name, _ in fields) + 2
    lines = [f"{name + ':':<{width}}{value}" for name, value in fields]
    lines += ["", draft.body]
    return "\n".join(lines).encode("utf-8")


def format_html(draft: Draft) -> bytes:
    escape = html_lib.escape
    rows = "\n".join(
        f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
        for name, value in draft.header_fields() + [("Subject", draft.subject)]
        if name != "Status"
    )
    content = draft.html if draft.html is not None else f'<pre class="body">{escape(draft.body)}</pre>'
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(draft.subject)}</title>
<style>
{_PAGE_STYLE}
</style>
</head>
<body>
<p class="status">{escape(draft.status())}</p>
<table class="draft-header">
{rows}
</table>
<hr>
<main>
{content}
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def format_eml(draft: Draft) -> bytes:
    """Return an RFC 5322 message with CRLF line ends: text/plain, plus text/html when the template has html.

    To lists the addresses of the audiences' distribution lists; audiences
    without an address are named in X-Commsctl-Audience only. With no address
    at all the message has no To header and still opens as a draft.
    """
    from email import policy
    from email.message import EmailMessage

    message = EmailMessage(policy=policy.SMTP)
    recipients = _recipients(draft)
    if recipients:
        _set_header(message, "To", recipients)
    _set_header(message, "Subject", draft.subject)
    _set_header(message, "X-Commsctl-Communication", draft.communication["id"])
    for name, value in draft.header_fields():
        if name != "Communication":
            _set_header(message, f"X-Commsctl-{name}", value)
    # Mail clients such as Outlook open a message with X-Unsent: 1 as a draft that can be sent.
    _set_header(message, "X-Unsent", "1")

    message.set_content(draft.body, subtype="plain", charset="utf-8")
    if draft.html is not None:
        message.add_alternative(_html_part(draft), subtype="html", charset="utf-8")
    data = message.as_bytes()
    _check_round_trip(data, message, recipients, draft.subject)
    return data


def _recipients(draft: Draft) -> list:
    from email.headerregistry import Address

    recipients = []
    seen: set[str] = set()
    for audience in draft.audiences:
        distribution_list = audience["distribution_list"]
        if distribution_list is None or not distribution_list["address"] or distribution_list["address"] in seen:
            continue
        seen.add(distribution_list["address"])
        try:
            recipients.append(Address(display_name=distribution_list["name"], addr_spec=distribution_list["address"]))
        except (ValueError, IndexError) as error:
            raise DraftError(
                f"distribution list {distribution_list['id']!r} has an invalid address "
                f"{distribution_list['address']!r} ({error}): fix it in distribution-lists.yaml"
            ) from None
    return recipients


def _set_header(message, name: str, value) -> None:
    for text in _header_texts(value):
        _check_header_text(name, text)
    try:
        message[name] = value
    except ValueError as error:
        raise DraftError(f"cannot write the {name} header from {value!r}: {error}") from None


def _header_texts(value) -> list[str]:
    """Return the texts a header value is built from: the string itself, or each address's parts."""
    if isinstance(value, str):
        return [value]
    return [text for address in value for text in (address.display_name, address.addr_spec)]


def _check_header_text(name: str, text: str) -> None:
    """Reject text that could change the header structure when the message is folded or read back.

    Python before 3.11.10 (CVE-2024-6923) folds a value containing an RFC 2047
    encoded word such as ``=?utf-8?q?=0D=0ABcc:_x?=`` so that a reader decodes a
    new header line from it. Control and line-separator characters can break a
    header line on their own.
    """
    if "=?" in text:
        reason = "contains '=?', which mail readers decode as an RFC 2047 encoded word"
    elif any(_is_control(character) for character in text):
        reason = "contains a control or line-separator character"
    else:
        return
    raise DraftError(
        f"cannot write the {name} header from {text!r}: the value {reason}; "
        "remove it from the values and plan fields used in the header"
    )


def _is_control(character: str) -> bool:
    code = ord(character)
    return code < 0x20 or 0x7F <= code <= 0x9F or character in "\u2028\u2029" or 0xD800 <= code <= 0xDFFF


def _words(text) -> list[str]:
    """Return the words of a header value; folding may change the whitespace between them."""
    return str(text).split()


def _check_round_trip(data: bytes, message, recipients: list, subject: str) -> None:
    """Parse the serialised message back and reject it unless it has exactly the headers that were set.

    This catches any header a folding bug of the email package could still create.
    """
    from email import policy
    from email.parser import BytesParser

    parsed = BytesParser(policy=policy.default).parsebytes(data)
    expected = [name.lower() for name in message.keys()]
    found = [name.lower() for name in parsed.keys()]
    problem = None
    if found != expected:
        extra = sorted(set(found) - set(expected)) or found
        problem = f"it has the headers {', '.join(extra)} that were not set"
    elif _words(parsed["Subject"]) != _words(subject):
        problem = f"the Subject reads back as {str(parsed['Subject'])!r}"
    elif recipients and [address.addr_spec for address in parsed["To"].addresses] != [
        address.addr_spec for address in recipients
    ]:
        problem = f"the To header reads back as {str(parsed['To'])!r}"
    if problem is not None:
        raise DraftError(
            f"the e-mail message for subject {subject!r} does not read back as written: {problem}. "
            "Nothing was written; remove unusual characters from the values and plan fields used in headers"
        )


def _html_part(draft: Draft) -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{html_lib.escape(draft.subject)}</title>
</head>
<body>
{draft.html}
</body>
</html>
"""
