"""Reading bank statements: CAMT.053 (ISO 20022 XML, what German banks deliver) and CSV.

Both give a list of ``StatementLine`` or raise a ``DomainError`` naming the problem; nothing is
written here. The XML is untrusted upload: it must be UTF-8, may not carry a DTD or entity
declarations (CAMT never does; refusing them rules out entity expansion and external entities),
and is parsed with the standard library's expat parser, which fetches nothing.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.errors import DomainError
from marketplace.money import CURRENCY_EXPONENTS, Money

MAX_LINES = 10_000
CSV_COLUMNS = ("reference", "amount", "currency", "received_on", "bank_reference")
CAMT053_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053."
_FORBIDDEN_XML = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class StatementLine:
    """One transaction on the statement. ``amount`` is positive for money received, negative
    for money sent (those are listed but never matched)."""

    line: int  # CSV line, or the transaction's position in the XML (1-based)
    bank_reference: str
    amount: Money
    booked_on: date
    remittance: str
    debtor_name: str = ""
    debtor_iban: str = ""


@dataclass(frozen=True)
class Statement:
    format: str  # "camt053" or "csv"
    statement_id: str
    lines: list[StatementLine]


def statement_max_bytes() -> int:
    return settings.MARKETPLACE_STATEMENT_MAX_BYTES


def statement_parse(content: bytes) -> Statement:
    """Check the file by its content (not its name) and read it."""
    if len(content) > statement_max_bytes():
        raise DomainError(
            _("The file is larger than %(size)s KiB.") % {"size": statement_max_bytes() // 1024}, field="file"
        )
    if not content.strip():
        raise DomainError(_("The file is empty."), field="file")
    body = content.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"<"):
        return _camt053_parse(body)
    if b"\x00" in content:
        raise DomainError(_("The file is neither a CAMT.053 statement (XML) nor a CSV text file."), field="file")
    return _csv_parse(content)


# --- CAMT.053 ---------------------------------------------------------------------------------


def _camt_error(message: str) -> DomainError:
    return DomainError(
        _("The file is not a valid CAMT.053 statement: %(problem)s") % {"problem": message}, field="file"
    )


def _camt053_parse(body: bytes) -> Statement:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise _camt_error(_("it is not UTF-8 encoded.")) from None
    if _FORBIDDEN_XML.search(body):
        raise _camt_error(_("it contains a DTD or entity declarations, which bank statements never do."))
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise _camt_error(_("the XML is not well-formed (line %(line)s).") % {"line": exc.position[0]}) from None
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if not namespace.startswith(CAMT053_NAMESPACE) or root.tag.rsplit("}", 1)[-1] != "Document":
        raise _camt_error(_("the XML is not an ISO 20022 camt.053 document (bank to customer statement)."))

    def q(path: str) -> str:
        return "/".join(f"{{{namespace}}}{part}" for part in path.split("/"))

    def text(element, path: str) -> str:
        if element is None:
            return ""
        found = element.find(q(path))
        return (found.text or "").strip() if found is not None else ""

    statements = root.findall(q("BkToCstmrStmt/Stmt"))
    if not statements:
        raise _camt_error(_("it contains no statement (BkToCstmrStmt/Stmt)."))
    lines: list[StatementLine] = []
    position = 0
    for statement in statements:
        statement_id = text(statement, "Id")
        for entry_number, entry in enumerate(statement.findall(q("Ntry")), start=1):
            status = text(entry, "Sts") or text(entry, "Sts/Cd")
            if status and status != "BOOK":
                continue  # pending or informational entries are not money on the account yet
            sign = {"CRDT": 1, "DBIT": -1}.get(text(entry, "CdtDbtInd"))
            if sign is None:
                raise _camt_error(_("entry %(entry)s has no credit/debit indicator.") % {"entry": entry_number})
            booked = text(entry, "BookgDt/Dt") or text(entry, "BookgDt/DtTm")[:10] or text(entry, "ValDt/Dt")
            try:
                booked_on = date.fromisoformat(booked)
            except ValueError:
                raise _camt_error(_("entry %(entry)s has no valid booking date.") % {"entry": entry_number}) from None
            details = entry.findall(q("NtryDtls/TxDtls"))
            for tx_number, tx in enumerate(details or [None], start=1):
                position += 1
                amount_element = None
                if tx is not None and len(details) > 1:  # a batch entry: each transaction has its amount
                    amount_element = tx.find(q("AmtDtls/TxAmt/Amt"))
                    if amount_element is None:
                        amount_element = tx.find(q("Amt"))
                if amount_element is None:
                    amount_element = entry.find(q("Amt"))
                amount = _camt_amount(amount_element, entry_number)
                reference = (
                    text(tx, "Refs/AcctSvcrRef")
                    or text(tx, "Refs/TxId")
                    or (text(tx, "Refs/EndToEndId") if text(tx, "Refs/EndToEndId") not in ("", "NOTPROVIDED") else "")
                )
                if not reference:
                    entry_reference = text(entry, "AcctSvcrRef") or text(entry, "NtryRef")
                    reference = (
                        f"{entry_reference}/{tx_number}"
                        if entry_reference and len(details) > 1
                        else entry_reference or f"{statement_id or 'statement'}/{entry_number}/{tx_number}"
                    )
                remittance = " ".join(
                    (element.text or "").strip()
                    for element in (tx.findall(q("RmtInf/Ustrd")) if tx is not None else [])
                )
                structured = " ".join(
                    (element.text or "").strip()
                    for element in (tx.findall(q("RmtInf/Strd/CdtrRefInf/Ref")) if tx is not None else [])
                )
                remittance = " ".join(part for part in (remittance, structured) if part) or text(entry, "AddtlNtryInf")
                lines.append(
                    StatementLine(
                        line=position,
                        bank_reference=reference[:200],
                        amount=Money(sign * amount.amount, amount.currency),
                        booked_on=booked_on,
                        remittance=remittance[:500],
                        debtor_name=(text(tx, "RltdPties/Dbtr/Nm") or text(tx, "RltdPties/Dbtr/Pty/Nm"))[:140],
                        debtor_iban=text(tx, "RltdPties/DbtrAcct/Id/IBAN")[:34],
                    )
                )
                if len(lines) > MAX_LINES:
                    raise DomainError(_("At most %(rows)s transactions per file.") % {"rows": MAX_LINES}, field="file")
    if not lines:
        raise _camt_error(_("it contains no booked transactions."))
    return Statement(format="camt053", statement_id=(statements[0].findtext(q("Id")) or "").strip()[:100], lines=lines)


def _camt_amount(element, entry_number: int) -> Money:
    if element is None:
        raise _camt_error(_("entry %(entry)s has no amount.") % {"entry": entry_number})
    currency = (element.get("Ccy") or "").upper()
    if currency not in CURRENCY_EXPONENTS:
        raise _camt_error(
            _("entry %(entry)s has an unknown currency %(currency)s.")
            % {"entry": entry_number, "currency": repr(currency)}
        )
    try:
        amount = Money.from_decimal(Decimal((element.text or "").strip()), currency)
    except (InvalidOperation, ValueError):
        raise _camt_error(_("entry %(entry)s has an invalid amount.") % {"entry": entry_number}) from None
    if amount.amount <= 0:
        raise _camt_error(_("entry %(entry)s has an invalid amount.") % {"entry": entry_number})
    return amount


# --- CSV --------------------------------------------------------------------------------------


def _csv_parse(content: bytes) -> Statement:
    """Columns: reference (the Verwendungszweck), amount, currency, received_on, bank_reference;
    optionally name and iban. Every row is checked before anything is recorded."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text; export the statement as CSV (UTF-8)."), field="file") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise DomainError(
            _("The CSV lacks the columns %(missing)s; expected: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)},
            field="file",
        )
    reader.fieldnames = header
    lines = []
    for number, row in enumerate(reader, start=2):  # line 1 is the header
        if len(lines) >= MAX_LINES:
            raise DomainError(_("At most %(rows)s rows per file.") % {"rows": MAX_LINES}, field="file")
        if None in row or any(row.get(c) is None for c in CSV_COLUMNS):
            raise DomainError(_("Line %(line)s does not have the header's columns.") % {"line": number}, field="file")
        lines.append(_csv_line(number, row))
    if not lines:
        raise DomainError(_("The CSV has no rows."), field="file")
    return Statement(format="csv", statement_id="", lines=lines)


def _csv_line(number: int, row: dict) -> StatementLine:
    currency = row["currency"].strip().upper()
    try:
        amount = Money.from_decimal(row["amount"].strip().replace(",", "."), currency)
    except Exception:
        raise DomainError(
            _("Line %(line)s: amount %(amount)s / currency %(currency)s is not a valid amount (e.g. 139.93 EUR).")
            % {"line": number, "amount": repr(row["amount"]), "currency": repr(row["currency"])},
            field="file",
        ) from None
    raw_date = row["received_on"].strip()
    try:
        booked_on = date.fromisoformat(raw_date)
    except ValueError:
        try:
            booked_on = datetime.strptime(raw_date, "%d.%m.%Y").date()
        except ValueError:
            raise DomainError(
                _("Line %(line)s: received_on %(value)s is not a date (YYYY-MM-DD or DD.MM.YYYY).")
                % {"line": number, "value": repr(raw_date)},
                field="file",
            ) from None
    bank_reference = row["bank_reference"].strip()
    if not bank_reference:
        raise DomainError(
            _("Line %(line)s has no bank_reference (the bank's transaction id).") % {"line": number}, field="file"
        )
    if not amount:
        raise DomainError(_("Line %(line)s has the amount zero.") % {"line": number}, field="file")
    return StatementLine(
        line=number,
        bank_reference=bank_reference[:200],
        amount=amount,
        booked_on=booked_on,
        remittance=row["reference"].strip()[:500],
        debtor_name=(row.get("name") or "").strip()[:140],
        debtor_iban=(row.get("iban") or "").strip().replace(" ", "")[:34],
    )
