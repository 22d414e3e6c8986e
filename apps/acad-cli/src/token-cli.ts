import type { Command } from 'commander';
import { createToken, listTokens, revokeToken } from '@acad/access';
import type { CliContext } from './cli-context';

/** `acad token create|list|revoke`: API tokens for the publishing server (ACAD_HOME/access/tokens.json). */
export function registerTokenCommands(program: Command, { io, settings }: CliContext): void {
  const token = program
    .command('token')
    .description('API tokens for the publishing server; a token is shown once and stored only as a hash.');
  token
    .command('create')
    .description('Make a token for a user and role (admin, registrar, analyst, viewer, public).')
    .requiredOption('--user <name>', 'who the token is for')
    .requiredOption('--role <role>', 'what the token may do')
    .option('--json', 'print JSON')
    .action((opts: { user: string; role: string; json?: boolean }) => {
      const created = createToken(settings().home, { user: opts.user, role: opts.role });
      if (opts.json) {
        io.stdout(JSON.stringify(created, null, 2));
        return;
      }
      io.stdout(
        [
          `Token ${created.id} for ${created.user} (${created.role}). It is shown only this once; keep it secret:`,
          '',
          `  ${created.token}`,
          '',
          'Sign in: open the publishing server (npm run serve) at /sign-in and paste it,',
          `or call the API with the header "Authorization: Bearer <token>". Revoke it with: acad token revoke ${created.id}`,
        ].join('\n'),
      );
    });
  token
    .command('list')
    .description('Tokens with their user, role, creation and revocation (never the token itself).')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const tokens = listTokens(settings().home);
      if (opts.json) {
        io.stdout(JSON.stringify(tokens, null, 2));
        return;
      }
      if (tokens.length === 0) {
        io.stdout('No API tokens yet; make one with: acad token create --user <name> --role <role>');
        return;
      }
      io.stdout(
        tokens
          .map((t) => `${t.id}  ${t.user.padEnd(16)} ${t.role.padEnd(9)} created ${t.created}${t.revoked ? `  revoked ${t.revoked}` : ''}`)
          .join('\n'),
      );
    });
  token
    .command('revoke')
    .description('Revoke a token by id; it stops working at once.')
    .argument('<id>')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) => {
      const revoked = revokeToken(settings().home, id);
      io.stdout(
        opts.json
          ? JSON.stringify(revoked, null, 2)
          : `Revoked token ${revoked.id} of ${revoked.user} (${revoked.role}) at ${revoked.revoked}.`,
      );
    });
}
