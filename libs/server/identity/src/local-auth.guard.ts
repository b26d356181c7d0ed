import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { FieldValidationException, flattenValidationErrors } from '@equip/server/http';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SignInDto } from './dto/sign-in.dto';

/**
 * Guards run before pipes, so the sign-in body is validated here: a missing or malformed field is
 * a 400 naming the field, not passport's bare 401.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override canActivate(context: ExecutionContext) {
    const body = context.switchToHttp().getRequest().body ?? {};
    const errors = validateSync(plainToInstance(SignInDto, body), { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
    if (errors.length > 0) throw new FieldValidationException(flattenValidationErrors(errors));
    return super.canActivate(context);
  }
}
