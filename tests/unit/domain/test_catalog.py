"""The shipped catalog: size, realism, valid unique codes, links, lookups and search."""

import json
from pathlib import Path

import pytest

from pos.data import demo_products as demo
from pos.domain.catalog import (
    Catalog,
    CatalogError,
    UnknownProduct,
    catalog_from_json,
    load_catalog,
    load_default_catalog,
)
from pos.domain.groups import PRODUCT_GROUPS
from pos.domain.gtin import is_gtin
from pos.domain.product import Product, ProductError, Unit
from pos.tools.generate_catalog import OUT, generate, main


def test_the_catalog_has_at_least_2000_products_in_every_main_group(catalog):
    assert len(catalog) >= 2000
    groups = {p.group for p in catalog.products}
    assert groups == set(PRODUCT_GROUPS)


def test_every_gtin_is_valid_unique_and_norwegian(catalog):
    gtins = [p.gtin for p in catalog.products]
    assert len(set(gtins)) == len(gtins)
    assert all(is_gtin(g) and g.startswith("70") for g in gtins)


def test_names_are_unique_and_every_product_is_in_a_known_group(catalog):
    names = [p.name for p in catalog.products]
    assert len(set(names)) == len(names)
    assert all(p.group in PRODUCT_GROUPS for p in catalog.products)


def test_drinks_in_bottles_and_cans_carry_pant_by_volume(catalog):
    linked = [p for p in catalog.products if p.deposit_gtin]
    assert len(linked) > 200
    for product in linked:
        expected = demo.PANT_2 if product.volume_ml <= 500 else demo.PANT_3
        assert product.deposit_gtin == expected, product.name
        assert catalog.deposit_for(product).price_ore in (200, 300)


def test_alcohol_rules_follow_the_abv(catalog):
    for product in catalog.products:
        if product.abv_centi is None:
            continue
        if product.abv_centi > 250:
            assert product.beer_hours and product.age_limit == 18 and product.vat_rate == 25
        elif product.abv_centi >= 70:
            assert not product.beer_hours and product.age_limit == 18
        else:
            assert not product.beer_hours and product.age_limit is None
            assert product.vat_rate == 15, "alcohol-free beer is food"


def test_tobacco_and_medicines_are_18_plus(catalog):
    for product in catalog.products:
        if product.group in ("tobakk", "legemidler"):
            assert product.age_limit == 18, product.name


def test_member_prices_are_below_the_price_and_exist(catalog):
    with_member = [p for p in catalog.products if p.member_price_ore is not None]
    assert len(with_member) >= 20
    assert all(p.member_price_ore < p.price_ore for p in with_member)


@pytest.mark.parametrize(
    ("gtin", "name", "price", "vat"),
    [
        (demo.MILK, "Tine Helmelk 1 l", 2590, 15),
        (demo.BREAD, "Bakehuset Grovbrød 750 g", 4290, 15),
        (demo.BEER, "Ringnes Pilsner 0,5 l boks", 3490, 25),
        (demo.LIGHT_BEER, "Aass Lettøl 2,2 % 0,5 l boks", 2490, 15),
        (demo.SNUS, "General Original Portion 24 g", 11900, 25),
        (demo.BANANAS, "Bananer løsvekt", 2490, 15),
        (demo.GIFT_CARD, "Coop Gavekort 500 kr", 50000, 0),
        (demo.GUM_GTIN8, "Trident Tyggegummi mint", 2190, 15),
    ],
)
def test_demo_products_are_where_the_docs_say(catalog, gtin, name, price, vat):
    product = catalog.get(gtin)
    assert (product.name, product.price_ore, product.vat_rate) == (name, price, vat)


def test_demo_special_products(catalog):
    beer = catalog.get(demo.BEER)
    assert beer.beer_hours and beer.age_limit == 18 and beer.deposit_gtin == demo.PANT_2
    assert catalog.get(demo.COLA_1_5L).deposit_gtin == demo.PANT_3
    assert catalog.by_plu(demo.BANANAS_PLU).gtin == demo.BANANAS
    assert catalog.by_plu("4011").unit is Unit.KG
    cheese = catalog.by_item_ref(demo.CHEESE_ITEM_REF)
    assert cheese.gtin == demo.CHEESE_BY_WEIGHT and cheese.sold_by_weight
    entrecote = catalog.by_item_ref(demo.ENTRECOTE_ITEM_REF)
    assert entrecote.gtin == demo.ENTRECOTE_LABEL and entrecote.price_embedded
    assert catalog.get(demo.MINCE).member_price_ore == 4490
    offer_ids = {o.offer_id for o in catalog.offers}
    assert {demo.YOGHURT_OFFER, demo.PIZZA_OFFER} <= offer_ids


def test_lookup_accepts_every_gtin_form(catalog):
    milk = catalog.get(demo.MILK)
    assert catalog.by_gtin("0" + demo.MILK) is milk
    assert catalog.by_gtin("000000" + demo.GUM_GTIN8) is catalog.get(demo.GUM_GTIN8)
    assert catalog.by_gtin("not a gtin") is None
    assert catalog.by_plu("9999") is None
    assert catalog.by_item_ref("99999") is None


def test_unknown_gtin_is_a_clear_error(catalog):
    with pytest.raises(UnknownProduct) as caught:
        catalog.get("7000000000000"[:-1] + "0")
    assert "finnes ikke" in caught.value.message("nb")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("smor", "Tine Meierismør 250 g"),
        ("SMØR", "Tine Meierismør 250 g"),
        ("helmelk tine", "Tine Helmelk 1 l"),
        ("entrecote", "Kjøttdisk Entrecôte"),
        ("bananer", "Bananer løsvekt"),
        ("4011", "Bananer løsvekt"),
        (demo.MILK, "Tine Helmelk 1 l"),
    ],
)
def test_search_is_case_and_diacritic_insensitive(catalog, query, expected):
    names = [p.name for p in catalog.search(query, limit=50)]
    assert expected in names


def test_search_ranks_names_that_start_with_the_query_first(catalog):
    results = catalog.search("tine", limit=5)
    assert all(p.name.startswith("Tine") for p in results)
    assert catalog.search("", limit=5) == []
    assert catalog.search("zzzzzz") == []
    assert len(catalog.search("melk", limit=3)) == 3


def test_default_catalog_is_loaded_once(catalog):
    assert load_default_catalog() is catalog


def test_the_generator_reproduces_the_shipped_file_exactly():
    assert generate() == OUT.read_text(encoding="utf-8")


def test_the_generator_cli_writes_a_loadable_file(tmp_path: Path, capsys):
    out = tmp_path / "catalog.json"
    assert main(["--out", str(out)]) == 0
    assert out.read_bytes() == OUT.read_bytes()
    assert len(load_catalog(out)) == len(load_default_catalog())
    assert "wrote" in capsys.readouterr().out


def _minimal(products: list[dict], offers: list[dict] | None = None) -> str:
    return json.dumps({"format": "coop-pos-catalog", "version": 1, "products": products,
                       "offers": offers or []})


MILK = {"gtin": demo.MILK, "name": "Melk", "price_ore": 2000, "vat_rate": 15, "group": "meieri"}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "not JSON"),
        (json.dumps({"format": "other"}), "not a coop-pos-catalog"),
        (json.dumps({"format": "coop-pos-catalog", "version": 9}), "version"),
        (_minimal([MILK, MILK]), "duplicate GTIN"),
        (_minimal([{**MILK, "deposit_gtin": demo.PANT_2}]), "deposit"),
        (_minimal([MILK], [{"offer_id": "x", "title": "x", "gtins": [demo.BREAD], "buy": 2,
                            "pay_for": 1}]), "unknown GTINs"),
    ],
)
def test_broken_catalog_files_are_refused_with_a_reason(text, reason):
    with pytest.raises(CatalogError, match=reason):
        catalog_from_json(text)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"gtin": "7038010000707"}, "GTIN"),
        ({"name": " "}, "name"),
        ({"price_ore": -1}, "price"),
        ({"price_ore": 12.5}, "price"),
        ({"vat_rate": 20}, "VAT"),
        ({"member_price_ore": 2500}, "member price"),
        ({"age_limit": 16}, "age"),
        ({"plu": "12"}, "PLU"),
        ({"unit": "litre"}, "invalid product data"),
        ({"colour": "red"}, "invalid product data"),
    ],
)
def test_invalid_products_are_refused_with_a_reason(change, reason):
    with pytest.raises(ProductError, match=reason):
        Product.from_dict({**MILK, **change})


def test_product_dict_round_trip(catalog):
    for product in catalog.products[:300]:
        assert Product.from_dict(product.to_dict()) == product


def test_an_empty_catalog_is_allowed():
    assert len(Catalog([])) == 0
