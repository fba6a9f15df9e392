// One colour per kind of element, the same on the map, the chart and in the tables.
import { el } from "./dom.js";

export const KIND_COLOURS = {
  band: [245, 184, 66, 235],
  foot: [96, 165, 250, 235],
  mounted: [192, 132, 252, 235],
  vehicle: [163, 201, 92, 235],
  air: [34, 211, 238, 235],
};
export const SELECTED = [255, 255, 255, 255];
export const ERROR = [248, 113, 113, 255];
export const WARNING = [251, 191, 36, 255];

export function colourOf(element) {
  return KIND_COLOURS[element.kind] || KIND_COLOURS.foot;
}

export function css([r, g, b, a = 255], alpha = a / 255) {
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

// a small square of that colour, before a name in the tables, the card and the legend
export function swatch(colour) {
  return el("i", { class: "swatch", style: `background:${css(colour)}` });
}
