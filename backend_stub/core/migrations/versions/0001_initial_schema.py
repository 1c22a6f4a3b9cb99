"""The initial schema: people, memberships, cards, login, campaign, Coopay, purchases, ledger.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 (hand-reviewed autogenerate)
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backend_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_backend_meta")),
    )
    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("endpoint", sa.String(length=64), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("store_id", "key", name=op.f("uq_idempotency_records_store_id")),
    )
    op.create_table(
        "login_throttles",
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_login_throttles")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("national_id", sa.String(length=11), nullable=True),
        sa.Column("given_name", sa.String(length=80), nullable=False),
        sa.Column("family_name", sa.String(length=80), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address_line", sa.String(length=200), nullable=True),
        sa.Column("postal_code", sa.String(length=4), nullable=True),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        sa.UniqueConstraint("national_id", name=op.f("uq_persons_national_id")),
        sa.UniqueConstraint("phone", name=op.f("uq_persons_phone")),
    )
    op.create_table(
        "relogin_campaigns",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relogin_campaigns")),
    )
    op.create_table(
        "stores",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("coop_name", sa.String(length=80), nullable=False),
        sa.Column("dividend_rate_bp", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
    )
    op.create_table(
        "app_sessions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("public_id", sa.String(length=24), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_name", sa.String(length=80), nullable=False),
        sa.Column("login_method", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=24), nullable=True),
        sa.CheckConstraint(
            "login_method IN ('legacy', 'sms', 'bankid')", name=op.f("ck_app_sessions_login_method")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_app_sessions_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_sessions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_app_sessions_public_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_app_sessions_token_hash")),
    )
    with op.batch_alter_table("app_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_app_sessions_person_live", ["person_id", "revoked_at"], unique=False
        )

    op.create_table(
        "bankid_orders",
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_bankid_orders_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_bankid_orders")),
    )
    op.create_table(
        "bonus_rules",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("match", sa.String(length=32), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_bonus_rules_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bonus_rules")),
    )
    op.create_table(
        "digital_accounts",
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("new_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("coopay_enabled", sa.Boolean(), nullable=False),
        sa.Column("coopay_card_masked", sa.String(length=24), nullable=True),
        sa.Column("coopay_card_status", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_digital_accounts_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_digital_accounts")),
    )
    op.create_table(
        "memberships",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("member_number", sa.String(length=10), nullable=False),
        sa.Column(
            "owner_person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("home_store_id", sa.Integer(), nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_person_id"], ["persons.id"], name=op.f("fk_memberships_owner_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("member_number", name=op.f("uq_memberships_member_number")),
        sa.UniqueConstraint("owner_person_id", name=op.f("uq_memberships_owner_person_id")),
    )
    op.create_table(
        "otp_challenges",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_name", sa.String(length=80), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_otp_challenges_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_otp_challenges")),
    )
    with op.batch_alter_table("otp_challenges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_otp_challenges_phone"), ["phone"], unique=False)

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_outbox_messages_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_messages_address"), ["address"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "relogin_waves",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["relogin_campaigns.id"],
            name=op.f("fk_relogin_waves_campaign_id_relogin_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relogin_waves")),
        sa.UniqueConstraint("campaign_id", "number", name=op.f("uq_relogin_waves_campaign_id")),
    )
    op.create_table(
        "terminals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("register", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_terminals_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminals")),
        sa.UniqueConstraint("key_id", name=op.f("uq_terminals_key_id")),
    )
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_terminals_store_id"), ["store_id"], unique=False)

    op.create_table(
        "members",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("ref", sa.String(length=16), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "membership_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("status_reason", sa.String(length=200), nullable=True),
        sa.Column("coopay_allowed", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('owner', 'family')", name=op.f("ck_members_role")),
        sa.CheckConstraint("status IN ('active', 'blocked')", name=op.f("ck_members_status")),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["memberships.id"], name=op.f("fk_members_membership_id_memberships")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_members_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("person_id", name=op.f("uq_members_person_id")),
        sa.UniqueConstraint("ref", name=op.f("uq_members_ref")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_members_membership_id"), ["membership_id"], unique=False
        )

    op.create_table(
        "relogin_assignments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "campaign_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("wave_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders_sent", sa.Integer(), nullable=False),
        sa.Column("relogged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("forced_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["relogin_campaigns.id"],
            name=op.f("fk_relogin_assignments_campaign_id_relogin_campaigns"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_relogin_assignments_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["relogin_waves.id"],
            name=op.f("fk_relogin_assignments_wave_id_relogin_waves"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relogin_assignments")),
        sa.UniqueConstraint(
            "campaign_id", "person_id", name=op.f("uq_relogin_assignments_campaign_id")
        ),
    )
    with op.batch_alter_table("relogin_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relogin_assignments_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relogin_assignments_wave_id"), ["wave_id"], unique=False
        )

    op.create_table(
        "cards",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("rfid_uid", sa.String(length=10), nullable=True),
        sa.Column("nfc_uid", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("status_reason", sa.String(length=200), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('physical', 'digital')", name=op.f("ck_cards_kind")),
        sa.CheckConstraint("status IN ('active', 'blocked', 'lost')", name=op.f("ck_cards_status")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_cards_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("nfc_uid", name=op.f("uq_cards_nfc_uid")),
        sa.UniqueConstraint("number", name=op.f("uq_cards_number")),
        sa.UniqueConstraint("rfid_uid", name=op.f("uq_cards_rfid_uid")),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cards_member_id"), ["member_id"], unique=False)

    op.create_table(
        "coopay_tokens",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "session_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_coopay_tokens_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["app_sessions.id"],
            name=op.f("fk_coopay_tokens_session_id_app_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coopay_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_coopay_tokens_token_hash")),
    )
    with op.batch_alter_table("coopay_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coopay_tokens_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "purchases",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("purchase_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("register", sa.Integer(), nullable=False),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("receipt_number", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "membership_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("member_resolution", sa.String(length=24), nullable=False),
        sa.Column(
            "original_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "total_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "eligible_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("dividend_rate_bp", sa.Integer(), nullable=False),
        sa.Column(
            "bonus_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "dividend_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_purchases_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_purchases_membership_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["original_id"], ["purchases.id"], name=op.f("fk_purchases_original_id_purchases")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_purchases_store_id_stores")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_purchases_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
        sa.UniqueConstraint("purchase_id", name=op.f("uq_purchases_purchase_id")),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchases_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_purchases_membership_id"), ["membership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_purchases_original_id"), ["original_id"], unique=False)

    op.create_table(
        "coopay_payments",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("token_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "membership_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("purchase_id", sa.String(length=36), nullable=False),
        sa.Column(
            "amount_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "refunded_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_coopay_payments_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_coopay_payments_membership_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_coopay_payments_store_id_stores")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_coopay_payments_terminal_id_terminals")
        ),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["coopay_tokens.id"],
            name=op.f("fk_coopay_payments_token_id_coopay_tokens"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coopay_payments")),
        sa.UniqueConstraint("reference", name=op.f("uq_coopay_payments_reference")),
        sa.UniqueConstraint("token_id", name=op.f("uq_coopay_payments_token_id")),
    )
    with op.batch_alter_table("coopay_payments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coopay_payments_member_day", ["member_id", "approved_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_coopay_payments_purchase_id"), ["purchase_id"], unique=False
        )

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "membership_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "purchase_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column(
            "amount_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_ledger_entries_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_ledger_entries_membership_id_memberships"),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_pk"], ["purchases.id"], name=op.f("fk_ledger_entries_purchase_pk_purchases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_entries_membership_kind", ["membership_id", "kind"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_purchase_pk"), ["purchase_pk"], unique=False
        )

    op.create_table(
        "purchase_lines",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "purchase_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=True),
        sa.Column("plu", sa.String(length=8), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("product_group", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column(
            "unit_price_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "amount_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "discount_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("vat_rate", sa.Integer(), nullable=False),
        sa.Column("dividend_eligible", sa.Boolean(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column(
            "bonus_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["purchase_pk"], ["purchases.id"], name=op.f("fk_purchase_lines_purchase_pk_purchases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_lines")),
    )
    with op.batch_alter_table("purchase_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_lines_purchase_pk"), ["purchase_pk"], unique=False
        )

    op.create_table(
        "purchase_tenders",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "purchase_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column(
            "amount_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["purchase_pk"],
            ["purchases.id"],
            name=op.f("fk_purchase_tenders_purchase_pk_purchases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_tenders")),
    )
    with op.batch_alter_table("purchase_tenders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_tenders_purchase_pk"), ["purchase_pk"], unique=False
        )

    op.create_table(
        "coopay_refunds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column(
            "payment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("purchase_id", sa.String(length=36), nullable=True),
        sa.Column(
            "amount_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["coopay_payments.id"],
            name=op.f("fk_coopay_refunds_payment_id_coopay_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_coopay_refunds_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coopay_refunds")),
        sa.UniqueConstraint("reference", name=op.f("uq_coopay_refunds_reference")),
    )
    with op.batch_alter_table("coopay_refunds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coopay_refunds_payment_id"), ["payment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("coopay_refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coopay_refunds_payment_id"))

    op.drop_table("coopay_refunds")
    with op.batch_alter_table("purchase_tenders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_tenders_purchase_pk"))

    op.drop_table("purchase_tenders")
    with op.batch_alter_table("purchase_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_lines_purchase_pk"))

    op.drop_table("purchase_lines")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_purchase_pk"))
        batch_op.drop_index("ix_ledger_entries_membership_kind")

    op.drop_table("ledger_entries")
    with op.batch_alter_table("coopay_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coopay_payments_purchase_id"))
        batch_op.drop_index("ix_coopay_payments_member_day")

    op.drop_table("coopay_payments")
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchases_original_id"))
        batch_op.drop_index(batch_op.f("ix_purchases_membership_id"))
        batch_op.drop_index(batch_op.f("ix_purchases_member_id"))

    op.drop_table("purchases")
    with op.batch_alter_table("coopay_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coopay_tokens_session_id"))

    op.drop_table("coopay_tokens")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cards_member_id"))

    op.drop_table("cards")
    with op.batch_alter_table("relogin_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relogin_assignments_wave_id"))
        batch_op.drop_index(batch_op.f("ix_relogin_assignments_person_id"))

    op.drop_table("relogin_assignments")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_membership_id"))

    op.drop_table("members")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_terminals_store_id"))

    op.drop_table("terminals")
    op.drop_table("relogin_waves")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_person_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_address"))

    op.drop_table("outbox_messages")
    with op.batch_alter_table("otp_challenges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_otp_challenges_phone"))

    op.drop_table("otp_challenges")
    op.drop_table("memberships")
    op.drop_table("digital_accounts")
    op.drop_table("bonus_rules")
    op.drop_table("bankid_orders")
    with op.batch_alter_table("app_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_app_sessions_person_live")

    op.drop_table("app_sessions")
    op.drop_table("stores")
    op.drop_table("relogin_campaigns")
    op.drop_table("persons")
    op.drop_table("login_throttles")
    op.drop_table("idempotency_records")
    op.drop_table("backend_meta")
