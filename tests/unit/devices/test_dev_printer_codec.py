"""ESC/POS: what the till prints decodes back to the same text, one receipt per cut."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from devices.escpos_decoder import EscPosDecoder, decode_receipts
from devices.printer import EscPos, encode_receipt

RECEIPT = "Coop Extra Storgata\nOrg.nr 912 345 678 MVA\nMelk 1 l        kr 23,90\nÆØÅ æøå\n"


def test_plain_receipt_round_trip_with_norwegian_letters():
    receipts, pending = decode_receipts(encode_receipt(RECEIPT))
    assert receipts == [RECEIPT]
    assert pending == ""


def test_builder_renders_alignment_barcode_and_qr():
    job = (
        EscPos()
        .align("center")
        .bold()
        .line("KVITTERING")
        .bold(False)
        .align("left")
        .line("Sum kr 23,90")
        .barcode("7038010000706", "ean13")
        .qr("https://coop.no/k/123")
        .feed(2)
        .cut()
    )
    (receipt,), _ = decode_receipts(job.to_bytes())
    lines = receipt.splitlines()
    assert lines[0].strip() == "KVITTERING" and lines[0].startswith(" ")
    assert "Sum kr 23,90" in lines
    assert "[strekkode EAN13 7038010000706]" in lines
    assert "[QR-kode https://coop.no/k/123]" in lines


def test_text_without_a_cut_stays_pending():
    receipts, pending = decode_receipts(encode_receipt("halv kvittering", cut=False))
    assert receipts == [] and pending == "halv kvittering"


def test_two_receipts_in_one_stream_and_form_feed_ends_one_too():
    data = encode_receipt("en") + encode_receipt("to") + b"tre\n\x0c"
    receipts, _ = decode_receipts(data)
    assert receipts == ["en\n", "to\n", "tre\n"]


def test_status_request_is_counted_not_printed():
    decoder = EscPosDecoder()
    decoder.feed(b"\x10\x04\x01ok\n\x1dV\x00")
    assert decoder.status_requests == 1


@given(
    text=st.text(alphabet="abcæøåÆØÅ 0123,.-kr\n", max_size=200), cuts=st.lists(st.integers(0, 400))
)
def test_decoding_does_not_depend_on_how_bytes_are_split(text, cuts):
    data = encode_receipt(text)
    whole, _ = decode_receipts(data)
    decoder = EscPosDecoder()
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    split = []
    for a, b in itertools.pairwise(points):
        split += decoder.feed(data[a:b])
    assert split == whole


@given(data=st.binary(max_size=300))
def test_decoder_never_raises_on_any_bytes(data):
    decoder = EscPosDecoder()
    decoder.feed(data)
    assert isinstance(decoder.pending, str)


def test_receipt_with_its_code_prints_the_barcode_under_the_text():
    (receipt,), pending = decode_receipts(encode_receipt("Kvittering nr. 17\n", barcode="KV3-17"))
    lines = receipt.splitlines()
    assert lines[0] == "Kvittering nr. 17" and pending == ""
    barcode_line = next(i for i, x in enumerate(lines) if "[strekkode CODE128 KV3-17]" in x)
    assert barcode_line > 0 and "KV3-17" in lines[barcode_line + 1]


def test_a_marked_title_prints_double_size_and_the_decoder_sees_it():
    text = "\x0eSALGSKVITTERING\n\x0eKOPI\nMelk 1 l        kr 23,90\n"
    data = encode_receipt(text)
    assert b"\x1d!\x11SALGSKVITTERING\n\x1d!\x00" in data  # GS ! 0x11 … GS ! 0
    decoder = EscPosDecoder()
    (receipt,) = decoder.feed(data)
    assert decoder.large_lines == ["SALGSKVITTERING", "KOPI"]
    assert receipt.splitlines()[0].strip() == "SALGSKVITTERING"
    assert "\x0e" not in receipt and "Melk 1 l        kr 23,90" in receipt


def test_characters_the_code_page_lacks_print_as_look_alikes_not_question_marks():
    text = "Grovbrød med solsikkefrø og…  kr\u202f1\u202f234,50\nTRENING – ikke gyldig\n"
    (receipt,), _ = decode_receipts(encode_receipt(text))
    assert "?" not in receipt
    assert "Grovbrød med solsikkefrø og...  kr 1 234,50" in receipt
    assert "TRENING - ikke gyldig" in receipt
