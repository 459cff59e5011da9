// The example scenarios of scenarios/, bundled so that they open offline in one click.
import msp from '../../scenarios/msp-stenay.tsante.json?raw';
import ophtalmologue from '../../scenarios/ophtalmologue-etain.tsante.json?raw';
import teleconsultation from '../../scenarios/teleconsultation-psychiatrie-meuse.tsante.json?raw';
import nancy from '../../scenarios/teleconsultation-psychiatres-nancy-nord-meuse.tsante.json?raw';
import retinopathie from '../../scenarios/depistage-retinopathie-meuse.tsante.json?raw';

const nameOf = (text: string): string => (JSON.parse(text) as { name: string }).name;

export const EXAMPLE_SCENARIOS: { name: string; text: string }[] = [msp, ophtalmologue, teleconsultation, nancy, retinopathie].map((text) => ({ name: nameOf(text), text }));
