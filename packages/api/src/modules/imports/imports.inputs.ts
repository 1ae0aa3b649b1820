import { ImportKind } from '@xiaoyuan/schema';
import { Field, InputType } from 'type-graphql';

@InputType('StartImportInput')
export class StartImportInput {
  @Field(() => ImportKind)
  kind!: ImportKind;

  @Field(() => String, { description: 'The uploaded file name; its extension (.csv or .xlsx) gives the format.' })
  filename!: string;

  @Field(() => String, {
    description: 'The file, Base64 (a `data:…;base64,` prefix is allowed); at most 20 MB decoded.',
  })
  contentBase64!: string;
}
