"""Privacy (issue 8): consents and history, audit log, analysis tables, anonymous
settlements and closed-card keys; ledger and Coopay rows may lose their member link.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 (hand-reviewed autogenerate)
"""

import sqlalchemy as sa
from alembic import op

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_card_keys",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_closed_card_keys")),
    )
    op.create_table(
        "membership_settlements",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "bonus_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "dividend_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_settlements")),
    )
    op.create_table(
        "privacy_audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("subject_ref", sa.String(length=16), nullable=True),
        sa.Column("what", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_audit_log")),
    )
    with op.batch_alter_table("privacy_audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_privacy_audit_log_subject", ["subject_ref"], unique=False)

    op.create_table(
        "consent_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_consent_events_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_events")),
    )
    with op.batch_alter_table("consent_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_events_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "consents",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_consents_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
        sa.UniqueConstraint(
            "person_id", "purpose", "device_id", name=op.f("uq_consents_person_id")
        ),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_person_id"), ["person_id"], unique=False)

    op.create_table(
        "member_segments",
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("segment", sa.String(length=32), nullable=False),
        sa.Column("offers", sa.String(length=500), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_segments_member_id_members")
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_segments")),
    )
    op.create_table(
        "analysis_purchases",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "purchase_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("bought_on", sa.Date(), nullable=False),
        sa.Column(
            "total_ore", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("product_groups", sa.String(length=500), nullable=False),
        sa.Column("copied_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_analysis_purchases_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["purchase_pk"],
            ["purchases.id"],
            name=op.f("fk_analysis_purchases_purchase_pk_purchases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_purchases")),
        sa.UniqueConstraint("purchase_pk", name=op.f("uq_analysis_purchases_purchase_pk")),
    )
    with op.batch_alter_table("analysis_purchases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_analysis_purchases_member_id"), ["member_id"], unique=False
        )

    with op.batch_alter_table("coopay_payments", schema=None) as batch_op:
        batch_op.alter_column("token_id", existing_type=ID, nullable=True)
        batch_op.alter_column("member_id", existing_type=ID, nullable=True)
        batch_op.alter_column("membership_id", existing_type=ID, nullable=True)

    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.alter_column("membership_id", existing_type=ID, nullable=True)
        batch_op.alter_column("member_id", existing_type=ID, nullable=True)
        batch_op.alter_column("purchase_pk", existing_type=ID, nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.alter_column("purchase_pk", existing_type=ID, nullable=False)
        batch_op.alter_column("member_id", existing_type=ID, nullable=False)
        batch_op.alter_column("membership_id", existing_type=ID, nullable=False)

    with op.batch_alter_table("coopay_payments", schema=None) as batch_op:
        batch_op.alter_column("membership_id", existing_type=ID, nullable=False)
        batch_op.alter_column("member_id", existing_type=ID, nullable=False)
        batch_op.alter_column("token_id", existing_type=ID, nullable=False)

    with op.batch_alter_table("analysis_purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_analysis_purchases_member_id"))

    op.drop_table("analysis_purchases")
    op.drop_table("member_segments")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_person_id"))

    op.drop_table("consents")
    with op.batch_alter_table("consent_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_events_person_id"))

    op.drop_table("consent_events")
    with op.batch_alter_table("privacy_audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_privacy_audit_log_subject")

    op.drop_table("privacy_audit_log")
    op.drop_table("membership_settlements")
    op.drop_table("closed_card_keys")
