import type { SignInRequest } from '@equip/shared/contracts';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class SignInDto implements SignInRequest {
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @IsString()
  @MinLength(1, { message: 'password must not be empty' })
  @MaxLength(1024)
  password!: string;
}
