"""Scenarios and their immutable versions.

Revision ID: 0001
Revises:
Create Date: 2025-05-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_id", sa.Integer(), sa.ForeignKey("scenarios.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("yaml", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("elements", sa.Integer(), nullable=False),
        sa.Column("personnel", sa.Integer(), nullable=False),
        sa.Column("vehicles", sa.Integer(), nullable=False),
        sa.Column("aircraft", sa.Integer(), nullable=False),
        sa.UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_number"),
    )
    op.create_index("ix_versions_scenario_id", "versions", ["scenario_id"])


def downgrade() -> None:
    op.drop_index("ix_versions_scenario_id", table_name="versions")
    op.drop_table("versions")
    op.drop_table("scenarios")
