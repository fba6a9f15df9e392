"""Each version's count of errors and warnings, for the scenario list.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Versions saved before this revision have none (NULL): the list works their counts out from their plans.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("errors", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("warnings", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("warnings")
        batch.drop_column("errors")
