import { describe, expect, it } from 'vitest';
import { askedState, failedState, idleState, type WorkerQuery } from './use-worker-query';

const answered: WorkerQuery<string> = { data: 'tableau du 55', error: null, pending: false };

describe('états d’une question au worker', () => {
  it('pendant la question suivante, la dernière réponse reste affichée, sauf pour le détail d’un territoire', () => {
    expect(askedState(answered, 'never')).toEqual({ data: 'tableau du 55', error: null, pending: true });
    expect(askedState(answered, 'whenIdle')).toEqual({ data: 'tableau du 55', error: null, pending: true });
    expect(askedState(answered, 'onStart')).toEqual({ data: null, error: null, pending: true });
    // A new question clears the previous failure.
    expect(askedState({ data: null, error: new Error('x'), pending: false }, 'never').error).toBeNull();
  });

  it('sans question, la réponse est gardée ou effacée selon le cas, sans nouvel objet quand rien ne change', () => {
    expect(idleState(answered, 'never')).toBe(answered);
    expect(idleState({ ...answered, pending: true }, 'never')).toEqual(answered);
    expect(idleState(answered, 'whenIdle')).toEqual({ data: null, error: null, pending: false });
    const empty: WorkerQuery<string> = { data: null, error: null, pending: false };
    expect(idleState(empty, 'whenIdle')).toBe(empty);
    expect(idleState(answered, 'onStart')).toEqual(empty);
  });

  it('un échec garde la dernière réponse et dit l’erreur', () => {
    const error = new Error('Grille inconnue : PERSO:x');
    expect(failedState({ ...answered, pending: true }, error)).toEqual({ data: 'tableau du 55', error, pending: false });
  });
});
