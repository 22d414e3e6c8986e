/** A resource cannot be changed in place (e.g. a key spec); it must be destroyed and created again. */
export class ReplacementRequired extends Error {
  readonly code = 'REPLACEMENT_REQUIRED';

  constructor(
    readonly resourceId: string,
    readonly properties: readonly string[],
  ) {
    super(`${resourceId} cannot be updated in place (${properties.join(', ')} changed); destroy it and apply again`);
    this.name = 'ReplacementRequired';
  }
}

/** A desired value still depends on a resource that does not exist yet. */
export class UnresolvedReference extends Error {
  readonly code = 'UNRESOLVED_REFERENCE';

  constructor(
    readonly resourceId: string,
    readonly reference: string,
  ) {
    super(`${resourceId} needs ${reference}, which is not known yet`);
    this.name = 'UnresolvedReference';
  }
}

/** `destroy` would delete data or a key without `--force`. */
export class DestroyRefused extends Error {
  readonly code = 'DESTROY_REFUSED';

  constructor(readonly refusals: readonly { id: string; reason: string }[]) {
    super(
      `destroy refused; nothing was deleted:\n${refusals.map((r) => `  ${r.id}: ${r.reason}`).join('\n')}\nRun again with --force to delete them.`,
    );
    this.name = 'DestroyRefused';
  }
}
