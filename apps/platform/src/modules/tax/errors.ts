import { AppError } from '../../errors.ts';

export function rateArchived(rate: { id: string; code: string }): AppError {
  return new AppError(
    'tax_rate.archived',
    `Tax rate ${rate.code} is archived and is no longer charged; choose an active rate or create a new one.`,
    { rateId: rate.id },
  );
}

export function nameRequired(): AppError {
  return new AppError('tax_rate.name_required', 'A tax rate needs a name.', { field: 'name' });
}
