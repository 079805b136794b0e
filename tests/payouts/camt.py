"""Build CAMT.053 bank statements (ISO 20022, camt.053.001.08 as German banks deliver) for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape


@dataclass
class Transfer:
    reference: str  # the bank's transaction id (AcctSvcrRef)
    amount: str  # major units, e.g. "39.99"
    remittance: str  # Verwendungszweck
    debtor: str = "Erika Mustermann"
    iban: str = "DE02120300000000202051"
    credit: bool = True
    currency: str = "EUR"


def camt053(transfers: list[Transfer], *, statement_id: str = "STMT-2026-11-20", booked: date | None = None) -> bytes:
    day = (booked or date.today()).isoformat()
    entries = "".join(
        f"""
      <Ntry>
        <Amt Ccy="{t.currency}">{t.amount}</Amt>
        <CdtDbtInd>{"CRDT" if t.credit else "DBIT"}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>{day}</Dt></BookgDt>
        <ValDt><Dt>{day}</Dt></ValDt>
        <AcctSvcrRef>{escape(t.reference)}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <Amt Ccy="{t.currency}">{t.amount}</Amt>
          <RltdPties>
            <Dbtr><Pty><Nm>{escape(t.debtor)}</Nm></Pty></Dbtr>
            <DbtrAcct><Id><IBAN>{t.iban}</IBAN></Id></DbtrAcct>
          </RltdPties>
          <RmtInf><Ustrd>{escape(t.remittance)}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""
        for t in transfers
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>{day}T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>{entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()
