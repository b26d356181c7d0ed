import { PageQueryDto } from '@equip/server/http';
import { REVOKE_REASON_MAX_LENGTH, type RevokeCertificateRequest } from '@equip/shared/contracts';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CertificateQueryDto extends PageQueryDto {
  /** Part of a serial number, a person's name or email, or a course or track title. */
  @IsOptional() @IsString() @MaxLength(200)
  search?: string;
}

export class RevokeCertificateDto implements RevokeCertificateRequest {
  // class-validator checks the decorator nearest the property first (stopAtFirstError): a missing reason says so.
  @MaxLength(REVOKE_REASON_MAX_LENGTH, { message: `reason must be at most ${REVOKE_REASON_MAX_LENGTH} characters` })
  @IsNotEmpty({ message: 'reason is required' })
  @IsString({ message: 'reason is required' })
  reason!: string;
}
