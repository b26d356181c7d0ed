import type { AskForInvitationRequest, ForgotPasswordRequest, InviteStaffRequest, PasswordTokenRequest, SetPasswordRequest } from '@equip/shared/contracts';
import { Omittable, RequiredText } from '@equip/server/http';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class ForgotPasswordDto implements ForgotPasswordRequest {
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;
}

export class PasswordTokenDto implements PasswordTokenRequest {
  @IsString()
  @MinLength(1, { message: 'token must not be empty' })
  @MaxLength(200)
  token!: string;
}

export class SetPasswordDto implements SetPasswordRequest {
  @IsString()
  @MinLength(1, { message: 'token must not be empty' })
  @MaxLength(200)
  token!: string;

  // The policy (length, common passwords) is checked by the service so it can answer with the token's state too.
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class InviteStaffDto implements InviteStaffRequest {
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true, message: 'each of staffIds must be a staff id (UUID)' })
  staffIds?: string[];

  @Omittable()
  @IsUUID('all', { message: 'departmentId must be a department id (UUID)' })
  departmentId?: string;

  @Omittable()
  @IsUUID('all', { message: 'cohortId must be a cohort id (UUID)' })
  cohortId?: string;
}

export class AskForInvitationDto implements AskForInvitationRequest {
  @RequiredText(320)
  emailOrEmployeeId!: string;
}
