"""Age limits: which products need ID, and the once-per-sale age check.

Alkoholloven §1-5: 18 years for drinks from 0.7 % up to (not including) 22 %
ABV (light beer 0.7–2.5 % included), 20 years from 22 %. Tobacco, snus and the
non-prescription medicines sold in grocery stores (LUA) are 18. The catalog
stores each product's limit; these helpers derive it when the data is built.
"""

from __future__ import annotations

from dataclasses import dataclass

LIGHT_BEER_MIN_ABV_CENTI = 70
"""0.7 %: from here a drink needs the buyer to be 18."""
SPIRITS_MIN_ABV_CENTI = 2200
"""22 %: from here 20."""
ALCOHOLIC_OVER_ABV_CENTI = 250
"""More than 2.5 % is "alkoholholdig drikk": the beer sales hours apply."""
AGE_LIMITED_GROUPS = {"tobakk": 18, "legemidler": 18}


def age_limit_for_abv(abv_centi: int | None) -> int | None:
    if abv_centi is None or abv_centi < LIGHT_BEER_MIN_ABV_CENTI:
        return None
    return 20 if abv_centi >= SPIRITS_MIN_ABV_CENTI else 18


def beer_hours_apply(abv_centi: int | None) -> bool:
    return abv_centi is not None and abv_centi > ALCOHOLIC_OVER_ABV_CENTI


@dataclass(frozen=True)
class AgeCheck:
    """Where the sale stands: the highest limit on its live lines and what ID proved.

    `confirmed_age` is the age the cashier confirmed (one ID check covers every
    later item up to that age); a later item with a higher limit asks again.
    """

    required_age: int = 0
    confirmed_age: int = 0
    refused: bool = False

    @property
    def pending(self) -> bool:
        return self.required_age > self.confirmed_age
