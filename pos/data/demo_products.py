"""Fixed demo products with stable GTINs, PLUs and in-store codes (docs/domain.md lists them).

Tests, the demo and the virtual devices refer to these; the catalog generator
writes them first, exactly as here, so they never move when the generated rest
of the catalog changes.
"""

from __future__ import annotations

MILK = "7038010000706"  # Tine Helmelk 1 l, 15 %
BREAD = "7040913300012"  # Bakehuset Grovbrød 750 g, 15 %
BEER = "7044610001012"  # Ringnes Pilsner 0,5 l boks, 4.7 %, 25 %, 18 år, salgstid, pant 2 kr
LIGHT_BEER = "7021110002015"  # Aass Lettøl 2,2 % 0,5 l boks, 15 %, 18 år, pant 2 kr
SNUS = "7049490003019"  # General Original Portion 24 g, 25 %, 18 år, no dividend
BANANAS = "7040000004014"  # Bananer løsvekt, PLU 4011, per kg
BANANAS_PLU = "4011"
CHEESE_BY_WEIGHT = "7040000005011"  # Norvegia fra ostedisken, per kg, weight label item 10001
CHEESE_ITEM_REF = "10001"
ENTRECOTE_LABEL = "7040000006018"  # Kjøttdisk Entrecôte, price label item 20001
ENTRECOTE_ITEM_REF = "20001"
COLA_1_5L = "7044230007012"  # Coca-Cola Original 1,5 l flaske, pant 3 kr
COLA_0_5L = "7044230007029"  # Coca-Cola Original 0,5 l flaske, pant 2 kr
PANT_2 = "7040000000016"  # Pant 2 kr
PANT_3 = "7040000000023"  # Pant 3 kr
YOGHURT = "7038010002014"  # Tine Yoghurt Jordbær 125 g, in the 3-for-2 offer
MINCE = "7037203003012"  # Gilde Kjøttdeig 14 % 400 g, member price
PARACET = "7046510001017"  # Paracet 500 mg tabletter 20 stk, 25 %, 18 år
GIFT_CARD = "7040000008012"  # Coop Gavekort 500 kr, 0 %, no dividend
NEWSPAPER = "7040000009019"  # Aftenposten, 0 %
GUM_GTIN8 = "70312348"  # Trident Tyggegummi mint (a GTIN-8)
PIZZA = "7038101001018"  # Grandiosa Pizza Original 1 stk, member offer 3 for kr 100

# In-store codes for the demo (layout PP IIIII VVVVV C, see docs/domain.md):
CHEESE_452_G = "2310001004524"  # weight label: 452 g of CHEESE_BY_WEIGHT
ENTRECOTE_189_KR = "2020001189007"  # price label: kr 189,00 of ENTRECOTE_LABEL
DEPOSIT_SLIP_25_KR = "2900042025000"  # deposit slip no. 00042 worth kr 25,00

YOGHURT_OFFER = "yoghurt-125-3for2"
PIZZA_OFFER = "grandiosa-3for100-medlem"
