"""paradeplan: plan, check and time parades, ground and air together."""

from .load.scenario import Problem, ScenarioError, load_scenario, parse_scenario
from .model.scenario import Scenario
from .plan.planner import Plan, make_plan

__version__ = "0.1.0"

__all__ = [
    "Plan", "Problem", "Scenario", "ScenarioError", "__version__", "load_scenario", "make_plan", "parse_scenario",
]
