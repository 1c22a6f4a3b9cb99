"""Every error the backend can answer with, by stable code, with what a person reads.

Why one catalogue: the till shows `message_nb` to a cashier or shopper, the phone
shows it to a member, and tests match on `code`. Keeping codes, HTTP status and both
languages together means a new error cannot ship without its user-facing text, and
docs/api.md lists them all (`GET /problems/{code}` serves an entry).

Services raise `ApiProblem(code, detail=…, **params)`; the HTTP layer turns it into
RFC 9457 problem+json. `params` fill `{placeholders}` in the messages and are also
returned as extension members (e.g. `attempts_left`, `retry_after_seconds`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemSpec:
    status: int
    title: str
    message_nb: str
    message_en: str


def _p(status: int, title: str, nb: str, en: str) -> ProblemSpec:
    return ProblemSpec(status, title, nb, en)


CATALOGUE: dict[str, ProblemSpec] = {
    # generic
    "validation_failed": _p(
        422,
        "The request is not valid",
        "Forespørselen har ugyldige data.",
        "The request has invalid data.",
    ),
    "body_unreadable": _p(
        400,
        "The request body could not be read",
        "Forespørselen kunne ikke leses.",
        "The request could not be read.",
    ),
    "not_found": _p(404, "Not found", "Fant ikke det du ba om.", "Not found."),
    "method_not_allowed": _p(
        405,
        "Method not allowed",
        "Denne handlingen støttes ikke her.",
        "This method is not allowed here.",
    ),
    "internal_error": _p(
        500,
        "Internal error",
        "Noe gikk galt hos oss. Prøv igjen.",
        "Something went wrong on our side. Try again.",
    ),
    "clock_out_of_range": _p(
        422,
        "The clock cannot be moved there",
        "Klokken kan ikke stilles utenfor år 1–9999.",
        "The clock cannot be set outside the years 1–9999.",
    ),
    "dev_disabled": _p(
        404,
        "Dev API is disabled",
        "Test-API-et er ikke slått på.",
        "The dev API is not enabled (POS_BACKEND_DEV=1).",
    ),
    # terminals
    "terminal_unauthorized": _p(
        401,
        "Terminal key missing or invalid",
        "Kassen er ikke godkjent mot medlemssystemet.",
        "The till is not authorised.",
    ),
    "store_mismatch": _p(
        403,
        "The terminal belongs to another store",
        "Kassen kan ikke handle på vegne av en annen butikk.",
        "This till cannot act for another store.",
    ),
    "campaign_refused": _p(
        409,
        "The re-login campaign cannot do that now",
        "Innloggingskampanjen kan ikke gjøre dette nå.",
        "The re-login campaign cannot do that now.",
    ),
    # idempotency
    "idempotency_key_missing": _p(
        400,
        "Idempotency-Key header required",
        "Mangler Idempotency-Key.",
        "The Idempotency-Key header is required.",
    ),
    "idempotency_key_invalid": _p(
        400,
        "Idempotency-Key is not valid",
        "Ugyldig Idempotency-Key.",
        "The Idempotency-Key must be 1-255 visible ASCII characters.",
    ),
    "idempotency_key_reused": _p(
        409,
        "Idempotency-Key reused with a different request",
        "Samme nøkkel er brukt for en annen forespørsel.",
        "This Idempotency-Key was already used for a different request.",
    ),
    # members and cards
    "card_number_invalid": _p(
        422,
        "Not a member card number",
        "Dette er ikke et gyldig medlemskort.",
        "This is not a valid member card.",
    ),
    "card_unknown": _p(404, "Unknown member card", "Ukjent medlemskort.", "Unknown member card."),
    "card_blocked": _p(
        403,
        "The card is blocked",
        "Kortet er sperret. Kontakt Coop medlemsservice.",
        "The card is blocked. Contact Coop member services.",
    ),
    "card_lost": _p(
        403,
        "The card is reported lost",
        "Kortet er meldt tapt og kan ikke brukes.",
        "The card is reported lost and cannot be used.",
    ),
    "member_blocked": _p(
        403,
        "The member is blocked",
        "Medlemskapet er sperret. Kontakt Coop medlemsservice.",
        "The membership is blocked. Contact Coop member services.",
    ),
    # login
    "phone_invalid": _p(
        422,
        "Not a Norwegian mobile number",
        "Skriv et norsk mobilnummer med 8 siffer.",
        "Enter a Norwegian mobile number (8 digits).",
    ),
    "national_id_invalid": _p(
        422,
        "Not a valid national identity number",
        "Fødselsnummeret er ikke gyldig.",
        "The national identity number is not valid.",
    ),
    "challenge_unknown": _p(
        404,
        "Unknown login attempt",
        "Innloggingen finnes ikke. Be om en ny kode.",
        "Unknown login attempt. Ask for a new code.",
    ),
    "otp_invalid": _p(
        401,
        "Wrong code",
        "Feil kode. Du har {attempts_left} forsøk igjen.",
        "Wrong code. You have {attempts_left} tries left.",
    ),
    "otp_expired": _p(
        401,
        "The code has expired",
        "Koden er utløpt. Be om en ny kode.",
        "The code has expired. Ask for a new one.",
    ),
    "otp_locked": _p(
        429,
        "Too many wrong codes",
        "For mange feil koder. Prøv igjen om {retry_after_minutes} minutter.",
        "Too many wrong codes. Try again in {retry_after_minutes} minutes.",
    ),
    "bankid_no_account": _p(
        404,
        "No digital account for this person",
        "Vi finner ingen digital Coop-konto for deg.",
        "We find no digital Coop account for you.",
    ),
    "bankid_order_unknown": _p(
        404,
        "Unknown or expired BankID order",
        "BankID-innloggingen er utløpt. Prøv igjen.",
        "The BankID login expired. Try again.",
    ),
    # app sessions
    "session_missing": _p(401, "Not logged in", "Du er ikke logget inn.", "You are not logged in."),
    "session_invalid": _p(
        401,
        "Unknown or expired session",
        "Innloggingen er utløpt. Logg inn på nytt.",
        "Your login has expired. Log in again.",
    ),
    "session_logged_out": _p(
        401,
        "The session is logged out",
        "Du er logget ut. Logg inn på nytt i appen.",
        "You are logged out. Log in again in the app.",
    ),
    "session_expired": _p(
        401,
        "The session has expired",
        "Du er logget ut fordi appen ikke har vært brukt på lenge. Logg inn på nytt.",
        "You were logged out because the app was not used for a long time. Log in again.",
    ),
    "session_forced_out": _p(
        401,
        "Logged out by the re-login deadline",
        "Du ble logget ut fordi fristen for ny innlogging gikk ut. "
        "Logg inn på nytt med SMS-kode eller BankID. Medlemskapet ditt er ikke berørt.",
        "You were logged out because the re-login deadline passed. Log in again with an SMS "
        "code or BankID. Your membership is not affected.",
    ),
    "relogin_required": _p(
        403,
        "The new two-step login is required first",
        "Logg inn på nytt med SMS-kode eller BankID først.",
        "Log in again with an SMS code or BankID first.",
    ),
    # family
    "family_owner_only": _p(
        403,
        "Only the owner manages family members",
        "Bare medeieren kan endre familiemedlemmer.",
        "Only the member-owner manages family.",
    ),
    "family_limit_reached": _p(
        409,
        "Family member limit reached",
        "Du kan ha høyst {limit} familiemedlemmer.",
        "You can have at most {limit} family members.",
    ),
    "family_too_young": _p(
        422,
        "Family member below the age limit",
        "Familiemedlemmer må være minst {min_age} år.",
        "Family members must be {min_age} or older.",
    ),
    "family_address_differs": _p(
        422,
        "Family member lives at another address",
        "Familiemedlemmer må bo på samme adresse som medeieren.",
        "Family members must live at the member-owner's address.",
    ),
    "phone_taken": _p(
        409,
        "The phone number belongs to another person",
        "Mobilnummeret er allerede registrert på en annen person.",
        "This phone number is already registered to someone else.",
    ),
    "person_exists": _p(
        409,
        "The person is already registered",
        "Personen er allerede registrert hos Coop.",
        "This person is already registered with Coop.",
    ),
    "family_member_unknown": _p(
        404, "No such family member", "Fant ikke familiemedlemmet.", "No such family member."
    ),
    # Coopay (declines answer 402 at the till)
    "coopay_not_enabled": _p(
        403,
        "Coopay is not enabled for this member",
        "Coopay er ikke aktivert for deg.",
        "Coopay is not enabled for you.",
    ),
    "token_invalid": _p(
        402,
        "Invalid Coopay code",
        "Ugyldig Coopay-kode. Vis en ny kode fra appen.",
        "Invalid Coopay code. Show a new code from the app.",
    ),
    "token_expired": _p(
        402,
        "The Coopay code has expired",
        "Coopay-koden er utløpt. Vis en ny kode fra appen.",
        "The Coopay code has expired. Show a new code from the app.",
    ),
    "token_used": _p(
        402,
        "The Coopay code is already used",
        "Coopay-koden er allerede brukt. Vis en ny kode fra appen.",
        "This Coopay code has already been used. Show a new code from the app.",
    ),
    "payment_session_logged_out": _p(
        402,
        "The app session is logged out",
        "Du er logget ut av appen. Logg inn på nytt i appen for å betale med Coopay.",
        "You are logged out of the app. Log in again in the app to pay with Coopay.",
    ),
    "payment_card_blocked": _p(
        402,
        "The payment card in the app is blocked",
        "Betalingskortet i appen er sperret. Bruk et annet betalingsmiddel.",
        "The payment card in the app is blocked. Use another way to pay.",
    ),
    "payment_member_blocked": _p(
        402,
        "The member is blocked",
        "Medlemskapet er sperret. Bruk et annet betalingsmiddel.",
        "The membership is blocked. Use another way to pay.",
    ),
    "family_not_allowed": _p(
        402,
        "This family member may not pay with Coopay",
        "Familiemedlemmet har ikke lov til å betale med Coopay.",
        "This family member is not allowed to pay with Coopay.",
    ),
    "limit_exceeded": _p(
        402,
        "Coopay limit exceeded",
        "Beløpet er over Coopay-grensen. Bruk et annet betalingsmiddel.",
        "The amount is over the Coopay limit. Use another way to pay.",
    ),
    "payment_unknown": _p(
        404, "Unknown Coopay payment", "Ukjent Coopay-betaling.", "Unknown Coopay payment."
    ),
    "refund_exceeds_payment": _p(
        422,
        "Refund larger than what is left of the payment",
        "Kan ikke refundere mer enn {refundable_ore} øre.",
        "Cannot refund more than {refundable_ore} øre.",
    ),
    # purchases
    "purchase_id_conflict": _p(
        409,
        "This purchase id is already recorded under another key",
        "Kjøpet er allerede registrert.",
        "This purchase is already recorded.",
    ),
    "totals_mismatch": _p(
        422,
        "Totals do not add up",
        "Summen stemmer ikke med varelinjene.",
        "The total does not match the lines.",
    ),
    "original_purchase_unknown": _p(
        422,
        "The returned purchase is unknown",
        "Fant ikke det opprinnelige kjøpet.",
        "The original purchase was not found.",
    ),
    "return_exceeds_original": _p(
        422,
        "Return larger than the original purchase",
        "Returen er større enn det opprinnelige kjøpet.",
        "The return is larger than the original purchase.",
    ),
    "batch_too_large": _p(
        413,
        "Too many purchases in one batch",
        "For mange kjøp i én forsendelse.",
        "Too many purchases in one batch (max {max_items}).",
    ),
    # privacy (docs/privacy.md)
    "membership_closed": _p(
        410,
        "The card belongs to a closed membership",
        "Kortet tilhører et avsluttet medlemskap.",
        "The card belongs to a closed membership.",
    ),
    "consent_purpose_unknown": _p(
        422,
        "Unknown consent purpose",
        "Ukjent samtykke.",
        "Unknown consent purpose.",
    ),
}


class ApiProblem(Exception):
    """A typed failure with a stable code; the HTTP layer renders it as problem+json."""

    def __init__(self, code: str, detail: str | None = None, **params: object) -> None:
        if code not in CATALOGUE:
            raise KeyError(f"unknown problem code {code!r}; add it to CATALOGUE")
        self.code = code
        self.spec = CATALOGUE[code]
        self.params = params
        self.detail = detail or self.spec.title
        super().__init__(f"{code}: {self.detail}")

    @property
    def status(self) -> int:
        return self.spec.status

    def body(self) -> dict:
        """The RFC 9457 problem document (plus our `code` and user-facing messages)."""
        return {
            "type": f"/problems/{self.code}",
            "title": self.spec.title,
            "status": self.spec.status,
            "detail": self.detail,
            "code": self.code,
            "message_nb": self.spec.message_nb.format(**self.params),
            "message_en": self.spec.message_en.format(**self.params),
            **self.params,
        }
