// An error whose message is meant for the user (French, no path beyond the file name, no stack):
// the IPC layer passes it to the renderer as is; any other error is logged and reported generically.
export class HostError extends Error {
  override readonly name = 'HostError';
}

/** French wording of the file-system errors a user can act on; `name` is the file name shown. */
export function describeFileError(error: unknown, name: string, action: 'lire' | 'écrire'): HostError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new HostError(
        action === 'lire' ? `« ${name} » est introuvable (déplacé ou supprimé ?).` : `Impossible d’écrire « ${name} » : son dossier n’existe plus.`,
      );
    case 'EACCES':
    case 'EPERM':
      return new HostError(`Accès refusé : impossible de ${action} « ${name} » (droits insuffisants ou fichier verrouillé par un autre programme).`);
    case 'EISDIR':
      return new HostError(`« ${name} » est un dossier, pas un fichier de scénario.`);
    case 'ENOSPC':
      return new HostError(`Impossible d’écrire « ${name} » : le disque est plein.`);
    case 'EROFS':
      return new HostError(`Impossible d’écrire « ${name} » : le disque est en lecture seule.`);
    default:
      return new HostError(`Impossible de ${action} « ${name} »${code ? ` (${code})` : ''}.`);
  }
}
