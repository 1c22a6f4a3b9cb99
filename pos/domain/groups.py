"""Product groups: the catalog's main groups, their display names and default VAT.

The group id (e.g. `"meieri"`) is what the catalog, the dividend exclusions and
the X/Z reports ("per main product group") share; the names are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.domain.texts import T, Text


@dataclass(frozen=True)
class ProductGroup:
    group_id: str
    name: Text
    vat_rate: int
    """The usual rate in the group; a product may differ (alcohol-free beer is food, 15 %)."""


_GROUPS = (
    ProductGroup("meieri", T("dairy"), 15),
    ProductGroup("frukt_gront", T("fruit_vegetables"), 15),
    ProductGroup("brod", T("bread_bakery"), 15),
    ProductGroup("kjott", T("meat"), 15),
    ProductGroup("fisk", T("fish_seafood"), 15),
    ProductGroup("palegg", T("spreads_cold_cuts"), 15),
    ProductGroup("torrvarer", T("dry_goods"), 15),
    ProductGroup("frysevarer", T("frozen_food"), 15),
    ProductGroup("snacks", T("snacks_sweets"), 15),
    ProductGroup("drikke", T("soft_drinks_coffee_tea"), 15),
    ProductGroup("ol", T("beer_cider"), 25),
    ProductGroup("tobakk", T("tobacco_snus"), 25),
    ProductGroup("husholdning", T("household"), 25),
    ProductGroup("hygiene", T("personal_care"), 25),
    ProductGroup("legemidler", T("non_prescription_medicines"), 25),
    ProductGroup("dyremat", T("pet_food"), 25),
    ProductGroup("aviser", T("newspapers"), 0),
    ProductGroup("billetter", T("tickets"), 12),
    ProductGroup("gavekort", T("gift_cards"), 0),
    ProductGroup("pant", T("deposit"), 25),
)

PRODUCT_GROUPS: dict[str, ProductGroup] = {g.group_id: g for g in _GROUPS}

DEPOSIT_GROUP = "pant"


def group_name(group_id: str, lang: str = "nb") -> str:
    """The display name of a group; an unknown id is shown as itself."""
    group = PRODUCT_GROUPS.get(group_id)
    return group.name.get(lang) if group else group_id
