"""search_verify finds and repairs drift between the database and the index."""

import pytest
from django.core.management import call_command

from search.engine import client, products_alias
from search.indexing import index_refresh, product_documents
from search.verify import search_verify

pytestmark = pytest.mark.django_db


def indexed() -> dict[int, dict]:
    index_refresh()
    hits = client().search(index=products_alias(), body={"query": {"match_all": {}}, "size": 1000})["hits"]["hits"]
    return {int(h["_id"]): h["_source"] for h in hits}


@pytest.mark.corpus_writes
def test_verify_repairs_missing_stale_and_extra_documents(corpus, capsys):
    products = corpus["products"]
    engine = client()
    engine.delete(index=products_alias(), id=products["lamp"])  # missing
    engine.update(index=products_alias(), id=products["grinder"], body={"doc": {"min_price": 1}})  # stale
    engine.index(index=products_alias(), id=999999, body={"product_id": 999999, "title": "Gespenst"})  # extra
    index_refresh()

    report = search_verify(repair=False)
    assert (report.missing, report.stale, report.extra) == ([products["lamp"]], [products["grinder"]], [999999])
    assert not report.repaired and products["lamp"] not in indexed()

    call_command("search_verify", verbosity=0)
    expected = {pid: doc for pid, doc in product_documents(products.values()).items() if doc}
    assert indexed() == expected
    again = search_verify()
    assert again.drift == 0 and again.checked == len(products)
