"""The live day: days (a scenario run on one version, with its clock) and their append-only records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_days",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_id", sa.Integer(), sa.ForeignKey("scenarios.id"), nullable=False, index=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(200), nullable=True),
        sa.Column("clock_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clock_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clock_rate", sa.Float(), nullable=False),
    )
    op.create_table(
        "live_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day_id", sa.Integer(), sa.ForeignKey("live_days.id"), nullable=False, index=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("arrived", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("day_id", "record_id", name="uq_live_records_day_record"),
        sa.UniqueConstraint("day_id", "seq", name="uq_live_records_day_seq"),
    )


def downgrade() -> None:
    op.drop_table("live_records")
    op.drop_table("live_days")
